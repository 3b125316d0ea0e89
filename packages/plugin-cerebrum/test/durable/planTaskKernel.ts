import { createKernel, createLogger, defineTool, KernelError, type Plugin } from '@cortex-os/kernel';
import type { AgentDefinition } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { type CerebrumPluginOptionsInput, cerebrumPlugin } from '@cortex-os/plugin-cerebrum';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { traceModelProvider } from '@cortex-os/provider-kit';
import { createScriptedModelProvider, type ScriptedModelReply } from '@cortex-os/provider-kit/testing';
import { z } from 'zod';

/** How many times each tool's handler ran, across every kernel of a test. */
export type ToolCounts = Record<string, number>;

/** What the tools do in one kernel: `hang` names tools whose call waits until its signal aborts (a step in flight when the kernel stops). */
export interface ToolBehaviour {
  readonly hang?: readonly string[];
  /** Told when a hanging tool's call started. */
  readonly onHang?: (tool: string) => void;
}

/** A plan reply of the scripted model. */
export function planReply(steps: readonly object[]): ScriptedModelReply {
  return { text: JSON.stringify({ goal: 'g', context: [], steps }) };
}

/** The tools of the re-plan story: the mirror fails, the archive replaces it. */
export const replanTools = ['page.fetch', 'mirror.fetch', 'archive.fetch', 'notes.write'];
/** The first plan of the re-plan story: `a` and `m` in one wave (run at once), then the note `c` from both. */
export const mirrorPlan = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'm', tool: 'mirror.fetch', input: { page: 'otters' } },
  { id: 'c', tool: 'notes.write', dependsOn: ['a', 'm'], inputsFrom: { a: 'a', b: 'm' } },
]);
/** Its re-plan: `m` reads the archive instead. */
export const archivePlan = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'm', tool: 'archive.fetch', input: { page: 'otters' } },
  { id: 'c', tool: 'notes.write', dependsOn: ['a', 'm'], inputsFrom: { a: 'a', b: 'm' } },
]);

function counted(counts: ToolCounts, behaviour: ToolBehaviour, name: string, result: (input: Record<string, unknown>) => unknown) {
  return async (input: Record<string, unknown>, ctx: { signal: AbortSignal }) => {
    counts[name] = (counts[name] ?? 0) + 1;
    if (behaviour.hang?.includes(name)) {
      behaviour.onHang?.(name);
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
    }
    return result(input);
  };
}

/** The tools plans use: reads (the mirror always fails) and a write that is neither idempotent nor read-only. */
export function planTools(counts: ToolCounts, behaviour: ToolBehaviour = {}) {
  const read = (name: string, result: (input: Record<string, unknown>) => unknown) =>
    defineTool({
      name,
      description: `Reads a page (${name}).`,
      input: z.object({ page: z.string() }),
      annotations: { readOnlyHint: true },
      handler: counted(counts, behaviour, name, result),
    });
  return [
    read('page.fetch', (input) => ({ text: `${String(input.page)}: otters hold hands` })),
    read('mirror.fetch', () => {
      throw new KernelError('TOOL_EXECUTION_FAILED', 'the mirror at /srv/private is down');
    }),
    read('archive.fetch', (input) => ({ text: `${String(input.page)} (archived)` })),
    defineTool({
      name: 'notes.write',
      description: 'Writes a note.',
      input: z.object({ a: z.unknown(), b: z.unknown() }),
      handler: counted(counts, behaviour, 'notes.write', () => ({ saved: true })),
    }),
  ];
}

/** A runtime with the tasks plugin on `file`, the cerebrum plugin, the scripted model, the plan tools and `agents`; no timer ticks (the worker claims when woken). */
export async function startPlanKernel(
  file: string,
  script: readonly ScriptedModelReply[],
  counts: ToolCounts,
  behaviour: ToolBehaviour = {},
  extra: readonly Plugin[] = [],
  worker = true,
  agents: readonly AgentDefinition[] = [],
) {
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      // Wrapped as a provider plugin would be, so a trace shows the model call under its planning span.
      model: traceModelProvider(model),
      tools: planTools(counts, behaviour),
      agents,
      plugins: [
        ...extra,
        tasksPlugin({ file, leaseMs: 60_000, timer: () => () => {}, worker: { enabled: worker } }),
        cerebrumPlugin({ recallLimit: 0 }),
      ],
    }),
  });
  await kernel.start();
  return { kernel, model };
}

/**
 * A runtime with the tasks plugin on `file`, the cerebrum plugin with `options` (recall off), the
 * scripted model and the plan tools, counting their calls in `counts`; the worker claims when woken.
 */
export async function startCerebrumKernel(
  file: string,
  script: readonly ScriptedModelReply[],
  options: CerebrumPluginOptionsInput = {},
  counts: ToolCounts = {},
) {
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model,
      tools: planTools(counts),
      agents: [],
      plugins: [tasksPlugin({ file, timer: () => () => {} }), cerebrumPlugin({ recallLimit: 0, ...options })],
    }),
  });
  await kernel.start();
  return { kernel, model, counts };
}
