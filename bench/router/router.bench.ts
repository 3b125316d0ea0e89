// Policy router overhead and failover, side by side with calling the provider directly.
// Run after `pnpm build` (tsc -b): node bench/router/router.bench.ts
//
// Payload: a provider whose generate/embed resolve a fixed small result at once, so the
// figures are the router's own cost (planning, breaker, per-attempt timeout timer, retry
// wrapper, result assembly). Failover uses a real refused TCP connection on 127.0.0.1.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { KernelError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  EmbedInput,
  EmbedResult,
  GenerateOptions,
  GenerateResult,
  ModelCallOptions,
  ModelProvider,
  ModelToolDefinition,
  RouterGenerateResult,
} from '@cortex-os/kernel/router';
import { createPolicyRouter, createResiliencePolicy, type RouterResilienceOptions } from '@cortex-os/kernel/internal';
import { createReport, percentile, sampleAsync, sized } from '../lib/measure.ts';

/** A provider that has both operations (the kernel's type makes each optional). */
type BenchProvider = ModelProvider & {
  embed(inputs: readonly EmbedInput[], options?: ModelCallOptions): Promise<EmbedResult>;
  generate(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<GenerateResult>;
};

const report = createReport('router');
const messages: ChatMessage[] = [{ role: 'user', content: 'ping' }];
const fixedGenerate: GenerateResult = Object.freeze({ model: 'fixed-1', text: 'pong', finishReason: 'stop' });
const vector = new Float32Array(8);
// A tool-calling request: routing also checks tool capability and the tool choice.
const tools: readonly ModelToolDefinition[] = [
  { name: 'weather', description: 'Weather in a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'clock', description: 'The time.', inputSchema: { type: 'object' } },
];
const toolRequest = { tools, toolChoice: 'auto' } as const;

function fixedProvider(name: string, locality: 'local' | 'remote' = 'local'): BenchProvider {
  return {
    name,
    capabilities: {
      operations: ['embed', 'generate'],
      locality,
      relativeCost: 0,
      embedding: { model: 'fixed-8', dimensions: 8, modalities: ['text'] },
      generationModels: ['fixed-1'],
      tools: true,
    },
    async health() {
      return { available: true };
    },
    async generate() {
      return fixedGenerate;
    },
    async embed(inputs) {
      return { model: 'fixed-8', dimensions: 8, vectors: inputs.map(() => vector) };
    },
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A provider whose server is down: every call is a real connection refused by 127.0.0.1. */
function refusedProvider(name: string, port: number): BenchProvider {
  const base = fixedProvider(name);
  const down = async (signal: AbortSignal | undefined): Promise<never> => {
    try {
      await fetch(`http://127.0.0.1:${port}/`, signal === undefined ? {} : { signal });
    } catch (error) {
      throw new KernelError('PROVIDER_UNAVAILABLE', `${name} is unreachable at 127.0.0.1:${port}`, { cause: error });
    }
    throw new Error('unexpected answer from a closed port');
  };
  return { ...base, generate: (_m, options) => down(options?.signal), embed: (_i, options) => down(options?.signal) };
}

const us = (ns: number): number => ns / 1_000;
const withResilience = 'breaker (5 failures, 30 s), 60 s timeout per attempt, 1 retry of transient errors';

type OverheadCase = readonly [name: string, direct: () => Promise<unknown>, routed: () => Promise<unknown>, baseline: string];

async function overheadPerCall(): Promise<void> {
  const provider = fixedProvider('local');
  const router = createPolicyRouter({ providers: [provider, fixedProvider('backup')] });
  const policy = createResiliencePolicy({ name: 'bench', breaker: true, timeoutMs: 60_000, retry: { maxAttempts: 1 } });
  const options = { iterations: 20_000, warmup: 5_000 };
  const cases: readonly OverheadCase[] = [
    ['generate, 1 message', () => provider.generate(messages, {}), () => router.generate(messages), 'provider.generate called directly'],
    [
      'generate with 2 tools offered',
      () => provider.generate(messages, toolRequest),
      () => router.generate(messages, toolRequest),
      'provider.generate called directly',
    ],
    ['embed, 1 text', () => provider.embed(['ping'], {}), () => router.embed(['ping']), 'provider.embed called directly'],
    [
      'resilience policy alone',
      () => provider.generate(messages, {}),
      () => policy.execute((signal) => provider.generate(messages, { signal })),
      'provider.generate called directly',
    ],
  ];
  const overheadP50 = new Map<string, number>();
  for (const [name, direct, routed, baseline] of cases) {
    // Interleave rounds so drift (GC, JIT, CPU frequency) hits both sides alike.
    const directSamples: number[] = [];
    const routedSamples: number[] = [];
    for (let round = 0; round < sized(4, 2); round++) {
      directSamples.push(...(await sampleAsync(direct, options)));
      routedSamples.push(...(await sampleAsync(routed, options)));
    }
    const d = Float64Array.from(directSamples).sort();
    const r = Float64Array.from(routedSamples).sort();
    for (const p of [50, 99]) {
      report.add({
        case: `${name}: routed`,
        metric: `p${p}`,
        unit: 'µs',
        value: us(percentile(r, p)),
        baseline,
        baselineValue: us(percentile(d, p)),
      });
    }
    overheadP50.set(name, percentile(r, 50) - percentile(d, 50));
    for (const p of [50, 99]) {
      report.add({
        case: `${name}: overhead (routed − direct)`,
        metric: `p${p}`,
        unit: 'µs',
        value: us(percentile(r, p) - percentile(d, p)),
      });
    }
  }
  // Issue 16's aim: offering tools leaves the routing overhead within 10 % of a plain generate's.
  report.add({
    case: 'routing overhead with 2 tools offered',
    metric: 'p50',
    unit: 'µs',
    value: us(overheadP50.get('generate with 2 tools offered') ?? Number.NaN),
    baseline: 'routing overhead of a plain generate (aim: within 10 %)',
    baselineValue: us(overheadP50.get('generate, 1 message') ?? Number.NaN),
  });
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function check(result: RouterGenerateResult, expected: string): void {
  if (result.provider !== 'backup' || result.fellBack !== true) throw new Error(`failover did not happen as expected (${expected})`);
}

/** Failover while the primary's breaker is still closed: a fresh router per sample. */
async function failoverBreakerClosed(port: number, baselineMs: number): Promise<void> {
  const cases: ReadonlyArray<readonly [string, RouterResilienceOptions | undefined]> = [
    ['failover, primary refused, breaker closed (default: 1 retry, 50–100 ms jitter)', undefined],
    ['failover, primary refused, breaker closed, retry off', { breaker: true, timeoutMs: 60_000, retry: false }],
  ];
  for (const [name, resilience] of cases) {
    const samples: number[] = [];
    for (let i = 0; i < sized(30, 3); i++) {
      // A fresh router per sample: its breaker has seen no failure yet.
      const router = createPolicyRouter({
        providers: [refusedProvider('primary', port), fixedProvider('backup')],
        ...(resilience ? { resilience } : {}),
      });
      const { ms, result } = await time(() => router.generate(messages));
      check(result, name);
      samples.push(ms);
    }
    const sorted = Float64Array.from(samples).sort();
    const baseline = { case: name, unit: 'µs', baseline: 'backup provider called directly', baselineValue: baselineMs * 1_000 };
    report.add({ ...baseline, metric: 'p50', value: percentile(sorted, 50) * 1_000 });
    // 30 samples: report the slowest rather than pretend to a p99.
    report.add({ ...baseline, metric: 'max', value: percentile(sorted, 100) * 1_000 });
  }
}

/** Failover once the primary's breaker is open: the router skips it without a connection. */
async function failoverBreakerOpen(port: number, baselineMs: number): Promise<void> {
  const router = createPolicyRouter({ providers: [refusedProvider('primary', port), fixedProvider('backup')] });
  let opened = 0;
  while (router.circuitState('primary') !== 'open') {
    await router.generate(messages);
    opened += 1;
  }
  const samples: number[] = [];
  for (let i = 0; i < sized(2_000, 50); i++) {
    const { ms, result } = await time(() => router.generate(messages));
    check(result, 'breaker open');
    samples.push(ms);
  }
  const sorted = Float64Array.from(samples).sort();
  const name = `failover, primary's breaker open (opened after ${opened} requests)`;
  const baseline = { case: name, unit: 'µs', baseline: 'backup provider called directly', baselineValue: baselineMs * 1_000 };
  report.add({ ...baseline, metric: 'p50', value: percentile(sorted, 50) * 1_000 });
  report.add({ ...baseline, metric: 'p99', value: percentile(sorted, 99) * 1_000 });
}

async function failover(): Promise<void> {
  const port = await closedPort();
  // Load undici and resolve its first connection before timing anything.
  await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
  const direct = fixedProvider('backup');
  const backupAlone: number[] = [];
  for (let i = 0; i < sized(200, 20); i++) backupAlone.push((await time(() => direct.generate(messages, {}))).ms);
  const baselineMs = percentile(Float64Array.from(backupAlone).sort(), 50);
  await failoverBreakerClosed(port, baselineMs);
  await failoverBreakerOpen(port, baselineMs);
}

await overheadPerCall();
await failover();
report.print([
  `Node ${process.version}, ${process.platform}/${process.arch}; router defaults: ${withResilience}.`,
  'Overhead rows are percentile differences (routed pN − direct pN), from 80 000 interleaved calls per side.',
  'Failover rows: primary is a real refused connection on 127.0.0.1; 30 fresh routers per closed-breaker row.',
]);
