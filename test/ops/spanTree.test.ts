// Where a trace says the time went: a real runtime with the OpenTelemetry SDK's in-memory exporter
// registered as a host app would. An agent step on the MLX provider (the real Python worker over
// the test double of mlx_lm), and an agent's memory search on a real SQLite file with the local
// embedder, each give one tree: agent → model call → provider → worker / database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, definePlugin, kernelExtensionPoints } from '@cortex-os/kernel';
import { modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import { agentExtensionPoints, agentsPlugin, agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin, memoryServiceToken } from '@cortex-os/plugin-memory';
import { mlxPlugin } from '@cortex-os/plugin-mlx';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeMlxEnv } from '../../packages/plugin-mlx/test/fixtures/workerEnv.js';

const exporter = new InMemorySpanExporter();
const sdk = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const dirs: string[] = [];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(sdk);
});
afterEach(() => exporter.reset());
afterAll(async () => {
  await sdk.shutdown();
  trace.disable();
  context.disable();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface SpanNode {
  readonly name: string;
  readonly children: SpanNode[];
}

/** The finished spans as a tree of names, children in start order; ids and timings dropped. */
function spanTree(spans: readonly ReadableSpan[]): SpanNode[] {
  const byStart = [...spans].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  const ids = new Set(byStart.map((span) => span.spanContext().spanId));
  const childrenOf = (parent: string | undefined): SpanNode[] =>
    byStart
      .filter((span) => {
        const up = span.parentSpanContext?.spanId;
        return parent === undefined ? up === undefined || !ids.has(up) : up === parent;
      })
      .map((span) => ({ name: span.name, children: childrenOf(span.spanContext().spanId) }));
  return childrenOf(undefined);
}

const named = (name: string): ReadableSpan => {
  const span = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (span === undefined)
    throw new Error(
      `no span named ${name}; got ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  return span;
};

describe('a trace shows where an agent step went', () => {
  it('agent → chat → the MLX provider → the Python worker request (and its start)', async () => {
    const agent = defineAgent({ name: 'echoer', description: 'Echoes.', instructions: 'Repeat.', tools: [] });
    await using kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        routerPlugin(),
        mlxPlugin({ dangerouslySkipPlatformCheck: true, env: fakeMlxEnv, generationModels: ['m'], startTimeoutMs: 15_000 }),
        agentsPlugin(),
        definePlugin({
          name: 'echo-agent',
          version: '1.0.0',
          contributes: { agents: agentExtensionPoints.agents },
          start: () => ({ agents: [agent] }),
        })(),
      ],
    });
    await kernel.start();
    const result = await kernel.get(agentsServiceToken).run('echoer', { input: 'hello there' });
    expect(result.status).toBe('completed');
    expect(result.output).toContain('hello there');

    expect(spanTree(exporter.getFinishedSpans())).toEqual([
      {
        name: 'invoke_agent echoer',
        children: [
          {
            name: 'chat model',
            children: [
              { name: 'chat m', children: [{ name: 'mlx.worker generate', children: [{ name: 'mlx.worker.start', children: [] }] }] },
            ],
          },
        ],
      },
    ]);
    const agentChat = named('chat model');
    const providerChat = named('chat m');
    // The inner span is the provider's own: a CLIENT span naming the provider that answered.
    expect(agentChat?.spanContext().spanId).toBe(providerChat?.parentSpanContext?.spanId);
    expect(providerChat?.kind).toBe(SpanKind.CLIENT);
    expect(providerChat?.attributes).toMatchObject({
      'gen_ai.provider.name': 'mlx',
      'gen_ai.request.model': 'm',
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(named('mlx.worker generate').attributes).toMatchObject({ 'rpc.system': 'cortex-mlx-worker', 'rpc.method': 'generate' });
    expect(named('mlx.worker generate').attributes['process.pid']).toBeTypeOf('number');
  });

  it('agent → execute_tool memory.search → the embedder and each SQLite step of the search', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'span-tree-'));
    dirs.push(dir);
    const agent = defineAgent({ name: 'recaller', description: 'Recalls.', instructions: 'Search memory.', tools: ['memory.search'] });
    const model = createScriptedModelProvider({
      script: [
        { toolCalls: [{ id: 's', name: 'memory.search', arguments: { query: 'otters', limit: 3 } }] },
        { text: 'Otters hold hands.' },
      ],
    });
    await using kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        routerPlugin(),
        localEmbeddersPlugin(),
        definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
        memoryPlugin({ dataDir: dir, store: { kind: 'sqlite' } }),
        agentsPlugin(),
        definePlugin({
          name: 'recall-agent',
          version: '1.0.0',
          contributes: { agents: agentExtensionPoints.agents, tools: kernelExtensionPoints.tools },
          start: () => ({ agents: [agent], tools: [] }),
        })(),
      ],
    });
    await kernel.start();
    await kernel.get(memoryServiceToken).store({ kind: 'fact', text: 'Sea otters hold hands while they sleep.' });
    exporter.reset();

    const result = await kernel.get(agentsServiceToken).run('recaller', { input: 'What do otters do?' });
    expect(result.status).toBe('completed');

    const tool = named('execute_tool memory.search');
    const search = named('search memories');
    expect(search.parentSpanContext?.spanId).toBe(tool.spanContext().spanId);
    expect(search.kind).toBe(SpanKind.CLIENT);
    expect(search.attributes).toMatchObject({
      'db.system.name': 'sqlite',
      'db.operation.name': 'search',
      'db.collection.name': 'memories',
    });
    const steps = exporter
      .getFinishedSpans()
      .filter((span) => span.parentSpanContext?.spanId === search.spanContext().spanId)
      .map((span) => span.name);
    expect(steps).toEqual(expect.arrayContaining(['search.semantic memories', 'search.keyword memories', 'search.rows memories']));
    // The query is embedded by the local embedder, a provider call of its own under the tool call.
    const embedding = exporter.getFinishedSpans().find((span) => span.name.startsWith('embeddings '));
    expect(embedding?.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'cortex.embed.inputs': 1 });
    expect(embedding?.parentSpanContext?.spanId).toBe(tool.spanContext().spanId);
    // No memory text in any attribute: statements are not recorded.
    expect(JSON.stringify(exporter.getFinishedSpans().map((span) => span.attributes))).not.toContain('otters hold');
  });
});
