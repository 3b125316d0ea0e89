import { definePlugin, defineTool, kernelExtensionPoints, toolResult } from '@cortex-os/kernel';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { a2aExternalAgent } from '../../src/client/a2aExternalAgent.js';

const output = z.object({ state: z.string(), text: z.string(), taskId: z.string(), contextId: z.string(), data: z.array(z.unknown()) });

/** A kernel with one `a2a.slow` tool that answers the input at once, or waits until aborted when asked to wait. */
async function kernelWithTool() {
  const seen: { input: string; aborted: boolean }[] = [];
  const tool = defineTool({
    name: 'a2a.slow',
    description: 'Answers, or waits.',
    input: z.object({ input: z.string() }),
    output,
    handler: ({ input }, context) =>
      new Promise((resolve, reject) => {
        const entry = { input, aborted: false };
        seen.push(entry);
        if (input !== 'wait') {
          resolve(toolResult({ structured: { state: 'completed', text: `echo ${input}`, taskId: 't', contextId: 'c', data: [] } }));
          return;
        }
        context.signal.addEventListener('abort', () => {
          entry.aborted = true;
          reject(new Error('aborted'));
        });
      }),
  });
  const kernel = createTestKernel({
    plugins: [
      definePlugin({
        name: 'remote',
        version: '1.0.0',
        contributes: { tools: kernelExtensionPoints.tools },
        start: () => ({ tools: [tool] }),
      })(),
    ],
  });
  await kernel.start();
  return { kernel, seen };
}

describe('a2aExternalAgent', () => {
  it('runs its tool a2a.<name> and answers with its text and structured output', async () => {
    const { kernel, seen } = await kernelWithTool();
    const agent = a2aExternalAgent('slow', 'A remote.', kernel.tools);
    expect(agent).toMatchObject({ name: 'slow', description: 'A remote.' });
    const reply = await agent.run({ input: 'hi', runId: 'r', depth: 1 });
    expect(reply).toEqual({
      status: 'completed',
      text: 'echo hi',
      output: { state: 'completed', text: 'echo hi', taskId: 't', contextId: 'c', data: [] },
    });
    expect(seen).toEqual([{ input: 'hi', aborted: false }]);
    await kernel.stop();
  });

  it('aborts the call when the wall time the caller lent runs out, or when the caller cancels', async () => {
    const { kernel, seen } = await kernelWithTool();
    const agent = a2aExternalAgent('slow', 'A remote.', kernel.tools);
    await expect(agent.run({ input: 'wait', runId: 'r', depth: 1, budgets: { maxWallMs: 20 } })).rejects.toThrow();
    const controller = new AbortController();
    const cancelled = agent.run({ input: 'wait', runId: 'r2', depth: 1, signal: controller.signal });
    await expect.poll(() => seen.length).toBe(2);
    controller.abort();
    await expect(cancelled).rejects.toThrow();
    expect(seen.map((entry) => entry.aborted)).toEqual([true, true]);
    await kernel.stop();
  });
});
