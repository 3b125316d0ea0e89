// Plan-and-execute in a real runtime: the policy router over the scripted model provider (the
// planner's model), real memory on a SQLite file (planning context recalled by `memory.search`),
// and real tools, one of which fails, so the plan is repaired and then re-planned around it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger, definePlugin, defineTool, KernelError, kernelExtensionPoints } from '@cortex-os/kernel';
import { modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import { cerebrumPlugin } from '@cortex-os/plugin-cerebrum';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin, memoryServiceToken } from '@cortex-os/plugin-memory';
import { createScriptedModelProvider, type ScriptedModelReply } from '@cortex-os/provider-kit/testing';
import { createEventRecorder, expectCortexError } from '@cortex-os/kernel/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { noteTools } from './noteTools.js';
import { z } from 'zod';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const written: string[] = [];
const notes = [
  defineTool({
    name: 'mirror.fetch',
    description: 'Fetches a page from the mirror.',
    input: z.object({ page: z.string() }),
    annotations: { readOnlyHint: true },
    handler: () => {
      throw new KernelError('TOOL_EXECUTION_FAILED', 'the mirror at /srv/private is down');
    },
  }),
  ...noteTools(written),
];

const plan = (fetchTool: string, extra: object = {}): ScriptedModelReply => ({
  text: JSON.stringify({
    goal: 'x',
    context: [],
    steps: [
      { id: 'page', tool: fetchTool, input: { page: 'otters' }, inputsFrom: {}, dependsOn: [], ...extra },
      { id: 'note', tool: 'notes.write', input: {}, inputsFrom: { text: 'page' }, dependsOn: ['page'] },
    ],
  }),
});

describe('cerebrumPlugin', () => {
  it('recalls planning context, repairs an invalid plan, runs it, and re-plans around a failing step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cerebrum-'));
    dirs.push(dir);
    const model = createScriptedModelProvider({
      script: [plan('mirror.fetch', { input: { page: 7 } }), plan('mirror.fetch'), plan('archive.fetch')],
    });
    await using kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        routerPlugin(),
        localEmbeddersPlugin(),
        definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
        memoryPlugin({ dataDir: dir, store: { kind: 'sqlite' } }),
        definePlugin({
          name: 'notes',
          version: '1.0.0',
          contributes: { tools: kernelExtensionPoints.tools },
          start: () => ({ tools: notes }),
        })(),
        cerebrumPlugin(),
      ],
    });
    await kernel.start();
    await kernel
      .get(memoryServiceToken)
      .store({ kind: 'planning-context', text: 'Otter pages are mirrored; the archive keeps a copy of otter pages.' });

    using recorder = createEventRecorder(kernel.events, 'cerebrum.*');
    const result = await kernel.tools.call('cerebrum.execute', {
      goal: 'Save a note about otter pages',
      tools: ['mirror.fetch', 'archive.fetch', 'notes.write'],
    });
    await recorder.waitFor((event) => event.type === 'cerebrum.step.completed' && (event.data as { step: string }).step === 'note');
    // The plan (two replies: one repaired), the failed step with its code only, the re-plan, then both steps.
    const goal = 'Save a note about otter pages';
    expect(recorder.events.map((event) => [event.type, event.data])).toEqual([
      ['cerebrum.plan.created', { goal, steps: ['page', 'note'], attempts: 2, examples: [], replan: 0 }],
      ['cerebrum.step.completed', { goal, step: 'page', tool: 'mirror.fetch', outcome: 'failed', code: 'TOOL_EXECUTION_FAILED' }],
      ['cerebrum.plan.created', { goal, steps: ['page', 'note'], attempts: 1, examples: [], replan: 1 }],
      ['cerebrum.step.completed', { goal, step: 'page', tool: 'archive.fetch', outcome: 'succeeded' }],
      ['cerebrum.step.completed', { goal, step: 'note', tool: 'notes.write', outcome: 'succeeded' }],
    ]);

    expect(result.structured).toMatchObject({
      ran: ['page', 'note'],
      replans: 1,
      plan: { steps: [{ tool: 'archive.fetch' }, { tool: 'notes.write' }] },
    });
    expect(written).toEqual(['otters: otters hold hands']);
    const [first, repair, replan] = model.requests;
    // The memory was recalled by a real hybrid search and given to the planner.
    expect(String(first?.messages[0]?.content)).toContain('[planning-context] Otter pages are mirrored; the archive keeps a copy');
    expect(String(repair?.messages.at(-1)?.content)).toContain('step "page": input-invalid');
    // The re-plan is told which step failed and with which code, never the tool's raw message.
    const replanSystem = String(replan?.messages[0]?.content);
    expect(replanSystem).toContain('Step "page" (tool mirror.fetch) failed with TOOL_EXECUTION_FAILED');
    expect(replanSystem).not.toContain('/srv/private');
    expect(model.remaining).toBe(0);
  });

  it('fails a plan that never becomes valid with CEREBRUM_PLAN_INVALID naming the problems', async () => {
    const model = createScriptedModelProvider({ script: [plan('ghost.tool'), plan('ghost.tool'), plan('ghost.tool')] });
    await using kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        routerPlugin(),
        definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
        definePlugin({
          name: 'notes',
          version: '1.0.0',
          contributes: { tools: kernelExtensionPoints.tools },
          start: () => ({ tools: notes }),
        })(),
        cerebrumPlugin({ recallLimit: 0 }),
      ],
    });
    await kernel.start();
    const error = await expectCortexError(kernel.tools.call('cerebrum.plan', { goal: 'Save a note' }), 'CEREBRUM_PLAN_INVALID');
    expect(error.details).toMatchObject({ problems: [{ code: 'unknown-tool', step: 'page' }] });
    expect(model.requests).toHaveLength(3);
    // cerebrum's own tools are never offered as plan steps.
    expect(String(model.requests[0]?.messages[0]?.content)).not.toContain('- cerebrum.');
  });
});
