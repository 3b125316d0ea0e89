import { defineTool } from '@cortex-os/kernel';
import { estimateTokens } from '@cortex-os/kernel/router';
import { type AgentBudgets, type AgentRunResult, defineAgent } from '@cortex-os/plugin-agents';
import type { ScriptedModelReply, ScriptedModelRequest } from '@cortex-os/provider-kit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAgentKernel } from '../support/agentKernel.js';

const ok = defineTool({
  name: 'ok',
  description: 'Works.',
  input: z.object({ n: z.number() }),
  annotations: { readOnlyHint: true },
  handler: ({ n }) => ({ n }),
});
const fail = defineTool({
  name: 'fail',
  description: 'Fails.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: () => {
    throw new Error('no');
  },
});

const call = fc.constantFrom(
  { name: 'ok', arguments: { n: 1 } },
  { name: 'fail', arguments: {} },
  { name: 'ok', arguments: '{"n":' },
  { name: 'missing', arguments: {} },
);
const step = fc.record({
  calls: fc.array(call, { maxLength: 3 }),
  text: fc.string({ maxLength: 40 }),
  advanceMs: fc.nat(4_000),
  /** Reported usage: none, or input as a fraction of the loop's own estimate and output up to the cap. */
  usage: fc.option(fc.record({ inputShare: fc.double({ min: 0, max: 1, noNaN: true }), output: fc.nat(2_000) }), { nil: undefined }),
});
const budgets = fc.record({
  maxSteps: fc.integer({ min: 1, max: 6 }),
  maxTokens: fc.integer({ min: 300, max: 4_000 }),
  maxWallMs: fc.integer({ min: 1_000, max: 12_000 }),
  maxCost: fc.option(fc.double({ min: 0.001, max: 0.05, noNaN: true }), { nil: undefined }),
  maxConsecutiveToolFailures: fc.integer({ min: 1, max: 4 }),
});
const prices = { inputPer1k: 0.002, outputPer1k: 0.004 };

/** The loop's own input estimate of a request: each message as JSON, plus the tools offered. */
function estimateOf(request: ScriptedModelRequest): number {
  const messages = request.messages.reduce((sum, message) => sum + estimateTokens(JSON.stringify(message)), 0);
  return messages + (request.options.tools === undefined ? 0 : estimateTokens(JSON.stringify(request.options.tools)));
}

/** The budgets without the absent cost budget (an explicit `undefined` is not an AgentBudgets value). */
function withoutCost({
  maxCost: _maxCost,
  ...rest
}: { readonly maxCost: number | undefined } & Omit<AgentBudgets, 'maxCost'>): AgentBudgets {
  return rest;
}

/** The longest run of failed or invalid calls seen by the end of each step. */
function failureRuns(result: AgentRunResult): number[] {
  let run = 0;
  return result.steps.map((recorded) => {
    for (const { outcome } of recorded.toolCalls) {
      if (outcome === 'succeeded') run = 0;
      else if (outcome === 'failed' || outcome === 'invalid') run += 1;
    }
    return run;
  });
}

describe('AgentRunLoop (property)', () => {
  it('never exceeds a budget, and every started tool call ends in the trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), budgets, async (steps, limits) => {
        const holder: { advance?: (ms: number) => number } = {};
        const script = steps.map((scripted) => (request: ScriptedModelRequest): ScriptedModelReply => {
          holder.advance?.(scripted.advanceMs);
          const cap = request.options.maxTokens ?? Number.POSITIVE_INFINITY;
          return {
            text: scripted.text,
            toolCalls: scripted.calls,
            ...(scripted.usage === undefined
              ? {}
              : {
                  usage: {
                    inputTokens: Math.floor(scripted.usage.inputShare * estimateOf(request)),
                    outputTokens: Math.min(scripted.usage.output, cap),
                  },
                }),
          };
        });
        const agent = defineAgent({
          name: 'random',
          description: 'Random.',
          instructions: 'Do random things.',
          tools: ['ok', 'fail'],
          budgets: limits.maxCost === undefined ? withoutCost(limits) : { ...limits, maxCost: limits.maxCost },
        });
        await using runtime = await startAgentKernel({ agents: [agent], tools: [ok, fail], model: { script, prices } });
        holder.advance = runtime.clock.advance;
        const startedAt = runtime.clock.now();
        const result = await runtime.agents.run('random', { input: 'Go.' });

        expect(result.usage.steps).toBeLessThanOrEqual(limits.maxSteps);
        expect(result.usage.totalTokens).toBeLessThanOrEqual(limits.maxTokens);
        if (limits.maxCost !== undefined) expect(result.usage.cost).toBeLessThanOrEqual(limits.maxCost + 1e-12);
        // Nothing starts after the deadline (the clock may jump during a call; the loop then stops).
        for (const entry of result.trace)
          if (entry.type === 'model.started' || entry.type === 'tool.started') expect(entry.at).toBeLessThan(startedAt + limits.maxWallMs);
        // No model call follows a turn whose failures in a row reached the limit.
        const runs = failureRuns(result);
        for (const [index, run] of runs.entries()) if (index < runs.length - 1) expect(run).toBeLessThan(limits.maxConsecutiveToolFailures);
        // Every started call ends, after it started, with an outcome of a call that ran.
        const started = result.trace.filter((entry) => entry.type === 'tool.started');
        const ended = result.trace.filter((entry) => entry.type === 'tool.ended');
        expect(ended.map((entry) => entry.callId).sort()).toEqual(started.map((entry) => entry.callId).sort());
        for (const record of result.steps.flatMap((recorded) => recorded.toolCalls)) {
          const ran = record.outcome === 'succeeded' || record.outcome === 'failed' || record.outcome === 'cancelled';
          expect(started.some((entry) => entry.callId === record.callId)).toBe(ran);
        }
        expect(result.usage.toolCalls).toBe(started.length);
        if (result.status === 'budget-exhausted')
          expect(['steps', 'tokens', 'wall-time', 'cost', 'tool-failures']).toContain(result.reason);
      }),
      { seed: 1917, numRuns: 60 },
    );
  });
});
