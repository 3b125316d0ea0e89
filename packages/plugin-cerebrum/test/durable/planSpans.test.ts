// A plan's trace: the SDK's in-memory exporter registered as a host app would; a durable plan
// task with a failing step and a re-plan gives one tree under `cerebrum.plan`, and critics'
// verdicts are `cerebrum.critique` spans.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanner, createRuleCritic, planTaskRunnerName, refineAnswer } from '@cortex-os/plugin-cerebrum';
import { tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planReply, planTools, startPlanKernel, type ToolCounts } from './planTaskKernel.js';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const dir = mkdtempSync(join(tmpdir(), 'cerebrum-spans-'));

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterEach(() => exporter.reset());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  rmSync(dir, { recursive: true, force: true });
});

/** Each finished span as "name < parent name" (roots alone), with its plan index; sorted, since spans may share a start time. */
function edges(spans: readonly ReadableSpan[]): string[] {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
  return spans
    .map((span) => {
      const parent = byId.get(span.parentSpanContext?.spanId ?? '');
      const replan = span.attributes['cortex.plan.replan'];
      return `${replan === undefined ? '' : `${String(replan)} `}${parent === undefined ? span.name : `${span.name} < ${parent}`}`;
    })
    .sort();
}

const steps = (fetchTool: string) => [
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'b', tool: fetchTool, input: { page: 'otters' }, dependsOn: ['a'] },
  { id: 'c', tool: 'notes.write', dependsOn: ['a', 'b'], inputsFrom: { a: 'a', b: 'b' } },
];

describe('plan spans', () => {
  it('puts planning calls, the model under them, and each step under one cerebrum.plan span', async () => {
    const counts: ToolCounts = {};
    const { kernel } = await startPlanKernel(
      join(dir, 'tasks.sqlite'),
      [planReply(steps('mirror.fetch')), planReply(steps('archive.fetch'))],
      counts,
    );
    try {
      const tasks = kernel.get(tasksServiceToken);
      const { id } = await tasks.submit({
        agent: planTaskRunnerName,
        input: 'Save a note',
        params: { tools: ['page.fetch', 'mirror.fetch', 'archive.fetch', 'notes.write'] },
        principal: 'ada',
      });
      expect((await tasks.settled(id)).state).toBe('completed');
    } finally {
      await kernel.stop();
    }
    const spans = exporter.getFinishedSpans().filter((span) => span.name.startsWith('cerebrum.') || span.name.startsWith('chat'));
    // The plan index says which plan each planning call and step belongs to: 0 the first, 1 the re-plan.
    expect(edges(spans)).toEqual([
      '0 cerebrum.planning < cerebrum.plan',
      '0 cerebrum.step mirror.fetch < cerebrum.plan',
      '0 cerebrum.step page.fetch < cerebrum.plan',
      '1 cerebrum.planning < cerebrum.plan',
      '1 cerebrum.step archive.fetch < cerebrum.plan',
      '1 cerebrum.step notes.write < cerebrum.plan',
      'cerebrum.plan',
      'chat scripted-model < cerebrum.planning',
      'chat scripted-model < cerebrum.planning',
    ]);
    const failed = spans.find((span) => span.name === 'cerebrum.step mirror.fetch');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['error.type']).toBe('TOOL_EXECUTION_FAILED');
    const run = spans.find((span) => span.name === 'cerebrum.plan');
    expect(run?.attributes).toMatchObject({ 'cortex.plan.durable': true, 'cortex.plan.replans': 1, 'cortex.plan.steps_ran': 3 });
    // Nothing the user wrote is in a span: no goal, no input, no tool message.
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toMatch(/otters|Save a note|srv\/private/);
  });

  it('records each critic verdict as a cerebrum.critique span, for plans (tree of thoughts) and answers', async () => {
    const counts: ToolCounts = {};
    const tools = planTools(counts);
    const registry = {
      list: () => tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: {} })),
      get: () => undefined,
    };
    const short = createRuleCritic([{ name: 'short', check: ({ answer }) => (JSON.parse(answer).length <= 2 ? undefined : 'too long') }]);
    const planner = createPlanner({
      model: createScriptedModelProvider({ script: [planReply(steps('archive.fetch')), planReply(steps('archive.fetch').slice(0, 2))] }),
      tools: registry,
      candidates: 2,
      critic: short,
      structuredOutput: false,
    });
    expect((await planner.plan('Save a note')).plan.steps).toHaveLength(2);
    await refineAnswer({ goal: 'g', draft: '[1,2,3]', critic: short, revise: async () => '[1]' });
    const critiques = exporter.getFinishedSpans().filter((span) => span.name === 'cerebrum.critique');
    expect(critiques.map((span) => [span.attributes['cortex.critique.of'], span.attributes['cortex.critique.satisfied']])).toEqual([
      ['plan', false],
      ['plan', true],
      ['answer', false],
      ['answer', true],
    ]);
  });
});
