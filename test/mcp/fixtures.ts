import { z } from '@cortex-os/plugin-mcp/testing';
import { defineTool, toolResult, type ToolRegistry } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';

/** A tiny 1×1 PNG and a few WAV bytes, base64. */
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
export const WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';

/** Signals the slow tool's abort so tests can await it instead of sleeping. */
export interface SlowProbe {
  started: Promise<void>;
  aborted: Promise<unknown>;
}

/** A registry with the tools the MCP tests call. */
export function createTestTools(): { tools: ToolRegistry; slow: () => SlowProbe } {
  const tools = createToolRegistry();
  let probe: { started: () => void; aborted: (reason: unknown) => void; value: SlowProbe } | undefined;
  const slow = (): SlowProbe => {
    let started!: () => void;
    let aborted!: (reason: unknown) => void;
    const value = { started: new Promise<void>((r) => (started = r)), aborted: new Promise<unknown>((r) => (aborted = r)) };
    probe = { started, aborted, value };
    return value;
  };
  tools.register(
    defineTool({
      name: 'echo',
      description: 'Repeats its input.',
      input: z.object({ text: z.string().min(1).describe('What to repeat') }),
      output: z.object({ text: z.string(), length: z.number() }),
      annotations: { readOnlyHint: true, idempotentHint: true },
      handler: ({ text }) => ({ text, length: text.length }),
    }),
  );
  tools.register(
    defineTool({
      name: 'rich',
      description: 'Returns every kind of content.',
      input: z.object({}),
      handler: () =>
        toolResult({
          content: [
            { type: 'text', text: 'hello' },
            { type: 'image', data: PNG, mimeType: 'image/png' },
            { type: 'audio', data: WAV, mimeType: 'audio/wav' },
            { type: 'resource_link', uri: 'notes://1', name: 'note 1', mimeType: 'text/plain', description: 'The first note' },
          ],
        }),
    }),
  );
  tools.register(
    defineTool({
      name: 'fail',
      description: 'Always throws.',
      input: z.object({}),
      handler: () => {
        throw new Error('disk on fire');
      },
    }),
  );
  tools.register(
    defineTool({
      name: 'progress',
      description: 'Reports progress and logs.',
      input: z.object({ steps: z.number().int().min(1).max(10) }),
      output: z.object({ done: z.number() }),
      handler: ({ steps }, ctx) => {
        for (let i = 1; i <= steps; i++) ctx.reportProgress({ progress: i, total: steps, message: `step ${i}` });
        ctx.log('info', { steps });
        ctx.log('debug', 'fine detail');
        return { done: steps };
      },
    }),
  );
  tools.register(
    defineTool({
      name: 'slow',
      description: 'Waits until cancelled.',
      input: z.object({}),
      handler: (_input, ctx) =>
        new Promise((_resolve, reject) => {
          const current = probe;
          ctx.reportProgress({ progress: 0 });
          ctx.signal.addEventListener('abort', () => {
            current?.aborted(ctx.signal.reason);
            reject(new Error('stopped'));
          });
          current?.started();
        }),
    }),
  );
  tools.register(
    defineTool({
      name: 'ask',
      description: 'Asks the client model and the user.',
      input: z.object({ topic: z.string() }),
      output: z.object({ answer: z.string(), user: z.string(), action: z.string() }),
      async handler({ topic }, ctx) {
        if (ctx.sample === undefined || ctx.elicit === undefined) throw new Error('the client supports neither sampling nor elicitation');
        const sampled = await ctx.sample({ messages: [{ role: 'user', text: `About ${topic}?` }], maxTokens: 50 });
        const elicited = await ctx.elicit({
          message: 'Your name?',
          schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        });
        return { answer: sampled.text, user: String(elicited.content?.['name'] ?? ''), action: elicited.action };
      },
    }),
  );
  return { tools, slow };
}
