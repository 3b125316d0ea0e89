// Kernel hot paths side by side with what a user would pick instead (raw inversify, RxJS
// Subject, eventemitter3, calling a handler directly). Run after `pnpm build`.
import 'reflect-metadata';
import { Writable } from 'node:stream';
import { createKernel, createLogger, createToken, defineEvent, definePlugin, defineTool, type PluginRequirements } from '@cortex-os/kernel';
import { createContractRegistry, createEventBus, createServiceContainer, createToolRegistry } from '@cortex-os/kernel/internal';
import { EventEmitter } from 'eventemitter3';
import { Container } from 'inversify';
import { Subject } from 'rxjs';
import { z } from 'zod';
import { createReport, percentile, sampleAsync, sampleSync, sized } from '../lib/measure.ts';

const report = createReport('kernel');
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

interface Payload {
  readonly id: string;
  readonly n: number;
}

function diResolution(): void {
  const single = createToken<{ n: number }>('bench.single');
  const transient = createToken<{ n: number }>('bench.transient');
  const ours = createServiceContainer();
  ours.bind({ token: single, factory: () => ({ n: 1 }) });
  ours.bind({ token: transient, lifetime: 'transient', factory: () => ({ n: 2 }) });
  const raw = new Container();
  const rawSingle = Symbol('single');
  const rawTransient = Symbol('transient');
  raw
    .bind(rawSingle)
    .toResolvedValue(() => ({ n: 1 }))
    .inSingletonScope();
  raw
    .bind(rawTransient)
    .toResolvedValue(() => ({ n: 2 }))
    .inTransientScope();
  const cases: ReadonlyArray<readonly [string, () => unknown, () => unknown]> = [
    ['resolve singleton', () => ours.get(single), () => raw.get(rawSingle)],
    ['resolve transient', () => ours.get(transient), () => raw.get(rawTransient)],
  ];
  for (const [name, ourFn, rawFn] of cases) {
    const base = sampleSync(rawFn, { iterations: 20_000, batch: 20 });
    const mine = sampleSync(ourFn, { iterations: 20_000, batch: 20 });
    for (const p of [50, 99])
      report.add({
        case: name,
        metric: `p${p}`,
        unit: 'ns',
        value: percentile(mine, p),
        baseline: 'inversify container.get',
        baselineValue: percentile(base, p),
      });
  }
}

function publishDeliver(): void {
  const payload: Payload = { id: 'n-1', n: 1 };
  const event = defineEvent({ type: 'bench.happened', version: '1.0.0', data: z.object({ id: z.string(), n: z.number() }) });
  const busFor = (validate: boolean): (() => unknown) => {
    const contracts = createContractRegistry();
    contracts.register(event);
    const bus = createEventBus({ contracts, validate, logger: quiet });
    let _sink = 0;
    bus.subscribe(event, (e) => {
      _sink += e.data.n;
    });
    return () => bus.publish(event, payload);
  };
  const subject = new Subject<Payload>();
  let _s1 = 0;
  subject.subscribe((v) => {
    _s1 += v.n;
  });
  const emitter = new EventEmitter<{ 'bench.happened': (v: Payload) => void }>();
  let _s2 = 0;
  emitter.on('bench.happened', (v) => {
    _s2 += v.n;
  });
  const rawSubject = sampleSync(() => subject.next(payload), { batch: 20 });
  const ee3 = sampleSync(() => emitter.emit('bench.happened', payload), { batch: 20 });
  const unvalidated = sampleSync(busFor(false), { batch: 20 });
  const validated = sampleSync(busFor(true), { batch: 20 });
  const baseline = { baseline: 'rxjs Subject.next' };
  for (const p of [50, 99]) {
    const base = { ...baseline, metric: `p${p}`, unit: 'ns', baselineValue: percentile(rawSubject, p) };
    report.add({ ...base, case: 'publish→deliver eventemitter3', value: percentile(ee3, p) });
    report.add({ ...base, case: 'publish→deliver bus, no validation (envelope incl.)', value: percentile(unvalidated, p) });
    report.add({ ...base, case: 'publish→deliver bus, validated (envelope incl.)', value: percentile(validated, p) });
  }
}

async function toolCall(): Promise<void> {
  const handler = ({ text }: { text: string }) => ({ text, length: text.length });
  const tools = createToolRegistry();
  tools.register(
    defineTool({
      name: 'bench.echo',
      description: 'Echo.',
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string(), length: z.number() }),
      handler,
    }),
  );
  const input = { text: 'hello world' };
  const direct = await sampleAsync(async () => handler(input), { iterations: 20_000 });
  const registry = await sampleAsync(() => tools.call('bench.echo', input), { iterations: 20_000 });
  for (const p of [50, 99])
    report.add({
      case: 'tool call (validation both ways, no interceptors)',
      metric: `p${p}`,
      unit: 'ns',
      value: percentile(registry, p),
      baseline: 'await handler(input)',
      baselineValue: percentile(direct, p),
    });
}

async function coldStart(): Promise<void> {
  // A seeded random DAG of 50 plugins: plugin i depends on up to 3 earlier ones.
  let seed = 20261122;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const tokens = Array.from({ length: 50 }, (_, i) => createToken<number>(`bench.p${i}`));
  const plugins = tokens.map((token, i) => {
    const requires: Record<string, (typeof tokens)[number]> = {};
    for (let k = 0; k < 3 && i > 0; k++) {
      const j = Math.floor(random() * i);
      const dependency = tokens[j];
      if (dependency !== undefined) requires[`d${j}`] = dependency;
    }
    return definePlugin({
      name: `p${i}`,
      version: '1.0.0',
      requires: requires satisfies PluginRequirements,
      provides: { self: token },
      start: async () => ({ self: i }),
    });
  });
  const runs: number[] = [];
  for (let r = 0; r < sized(30, 3); r++) {
    const started = performance.now();
    const kernel = createKernel({ plugins: plugins.map((p) => p()), logger: quiet });
    await kernel.start();
    runs.push(performance.now() - started);
    await kernel.stop();
  }
  runs.sort((a, b) => a - b);
  report.add({ case: 'cold start, 50 plugins, random DAG (create + start)', metric: 'p50', unit: 'ms', value: percentile(runs, 50) });
  report.add({ case: 'cold start, 50 plugins, random DAG (create + start)', metric: 'p99', unit: 'ms', value: percentile(runs, 99) });
}

diResolution();
publishDeliver();
await toolCall();
await coldStart();
report.print([
  'payloads: DI — an object singleton/transient; events — { id: "n-1", n: 1 } to one subscriber; tool — { text: "hello world" } with zod input and output schemas',
  'aims: resolve ≤ 1.2× inversify; unvalidated publish ≤ 2× Subject; 50-plugin cold start < 20 ms',
]);
