import { definePlugin, defineTool, kernelExtensionPoints, type Plugin } from '@cortex-os/kernel';
import { type ChatMessage, type ModelTokenPrices, modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel, type TestKernel } from '@cortex-os/kernel/testing';
import {
  type AgentDefinition,
  type AgentsService,
  agentExtensionPoints,
  agentsPlugin,
  agentsServiceToken,
  defineAgent,
} from '@cortex-os/plugin-agents';
import { currentTaskCall, type TaskTimer } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider, type ScriptedModelReply } from '@cortex-os/provider-kit/testing';
import { z } from 'zod';

/**
 * The model's replies by turn: the reply to a request is chosen by how many assistant messages
 * it holds, so a run resumed in a new process (whose earlier replies are replayed, not asked)
 * gets the right one.
 */
export const ledgerReplies: readonly ScriptedModelReply[] = [
  { toolCalls: [{ id: 'r1', name: 'ledger.read', arguments: { key: 'a' } }] },
  {
    toolCalls: [
      { id: 'w1', name: 'ledger.write', arguments: { key: 'b' } },
      { id: 'r2', name: 'ledger.read', arguments: { key: 'c' } },
    ],
  },
  { toolCalls: [{ id: 'w2', name: 'ledger.write', arguments: { key: 'd' } }] },
];

/** The final answer: every tool result the model saw, so a replayed result changes nothing and a different one shows. */
function finalAnswer(messages: readonly ChatMessage[]): ScriptedModelReply {
  const results = messages.filter((message) => message.role === 'tool').map((message) => message.content);
  return { text: `done: ${results.join(' | ')}` };
}

/** Hooks the ledger tools call, per call of the task's journal. */
export interface LedgerHooks {
  /** Called as each ledger tool runs, with the task and the journal's call id. */
  readonly ran: (taskId: string, callId: string) => void | Promise<void>;
  /** Called for each model request actually sent. */
  readonly asked?: (turn: number) => void;
  /** The usage the model reports for the reply to a turn (none: the run loop estimates it). */
  readonly usage?: (turn: number) => { readonly inputTokens: number; readonly outputTokens: number };
  /** The prices the model declares (none: it is unpriced). */
  readonly prices?: ModelTokenPrices;
}

/** `ledger.read` (read-only) and `ledger.write` (no annotations: not idempotent, destructive). */
export function ledgerTools(hooks: LedgerHooks) {
  const handle = async (key: string, verb: string) => {
    const call = currentTaskCall();
    await hooks.ran(call?.taskId ?? 'none', call?.callId ?? 'none');
    return { [verb]: key, call: call?.callId ?? 'none' };
  };
  return [
    defineTool({
      name: 'ledger.read',
      description: 'Reads an entry.',
      input: z.object({ key: z.string() }),
      annotations: { readOnlyHint: true },
      handler: ({ key }) => handle(key, 'read'),
    }),
    defineTool({
      name: 'ledger.write',
      description: 'Writes an entry.',
      input: z.object({ key: z.string() }),
      handler: ({ key }) => handle(key, 'wrote'),
    }),
  ];
}

/** `bookkeeper` runs unattended; `careful` needs approval for writes (the default policy). */
export const bookkeeper = defineAgent({
  name: 'bookkeeper',
  description: 'Keeps the ledger.',
  instructions: 'Read and write the ledger, then report.',
  tools: ['ledger.*'],
  approval: [],
});
export const careful = defineAgent({
  name: 'careful',
  description: 'Keeps the ledger, with approval for writes.',
  instructions: 'Read and write the ledger, then report.',
  tools: ['ledger.*'],
});

/** Starts a kernel with the router, the turn-scripted model, the agents plugin and the ledger. */
export async function startLedgerKernel(
  hooks: LedgerHooks,
  agents: readonly AgentDefinition[] = [bookkeeper, careful],
  plugins: readonly Plugin[] = [],
): Promise<{ agents: AgentsService; kernel: TestKernel } & AsyncDisposable> {
  const reply = (request: { readonly messages: readonly ChatMessage[] }): ScriptedModelReply => {
    const turn = request.messages.filter((message) => message.role === 'assistant').length;
    hooks.asked?.(turn);
    const reply = ledgerReplies[turn] ?? finalAnswer(request.messages);
    return hooks.usage === undefined ? reply : { ...reply, usage: hooks.usage(turn) };
  };
  const model = createScriptedModelProvider({
    script: Array.from({ length: 50 }, () => reply),
    ...(hooks.prices === undefined ? {} : { prices: hooks.prices }),
  });
  const kernel = createTestKernel({
    plugins: [
      routerPlugin({ retry: false }),
      definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: [model] }) })(),
      agentsPlugin(),
      definePlugin({
        name: 'ledger',
        version: '1.0.0',
        contributes: { tools: kernelExtensionPoints.tools, agents: agentExtensionPoints.agents },
        start: () => ({ tools: ledgerTools(hooks), agents: [...agents] }),
      })(),
      ...plugins,
    ],
  });
  await kernel.start();
  return {
    kernel,
    agents: kernel.get(agentsServiceToken),
    [Symbol.asyncDispose]: async () => {
      await kernel.stop();
    },
  };
}

/** The answer of a `bookkeeper` run: every tool result, in order. */
export const expectedAnswer =
  'done: {"read":"a","call":"tool:0:r1"} | {"wrote":"b","call":"tool:1:w1"} | {"read":"c","call":"tool:1:r2"} | {"wrote":"d","call":"tool:2:w2"}';

/** A timer the test ticks by hand (polls, lease renewals, retention): nothing waits for real time. */
export function manualTimer(): { timer: TaskTimer; tick: () => void; active: () => number } {
  const fns = new Set<() => void>();
  return {
    timer: (fn) => {
      fns.add(fn);
      return () => fns.delete(fn);
    },
    tick: () => {
      for (const fn of fns) fn();
    },
    active: () => fns.size,
  };
}
