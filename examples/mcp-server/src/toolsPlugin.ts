import { z } from 'zod';
import { definePlugin, defineTool, kernelExtensionPoints } from '@cortex-os/kernel';

/** A few small tools a desktop MCP client can try (the memory tools come from plugin-memory). */
export const exampleToolsPlugin = definePlugin({
  name: 'example-tools',
  version: '1.0.0',
  // Contributed, not registered by hand: the tools appear once the plugin has started and leave when it stops.
  contributes: { tools: kernelExtensionPoints.tools },
  start: () => ({
    tools: [
      defineTool({
        name: 'text.count_words',
        description: 'Counts the words and characters of a text.',
        input: z.object({ text: z.string().describe('The text to count') }),
        output: z.object({ words: z.number().int(), characters: z.number().int() }),
        annotations: { title: 'Count words', readOnlyHint: true, idempotentHint: true },
        handler: ({ text }) => ({ words: text.trim() === '' ? 0 : text.trim().split(/\s+/).length, characters: [...text].length }),
      }),
      defineTool({
        name: 'time.now',
        description: 'Tells the current time as ISO 8601, in UTC or a given IANA time zone.',
        input: z.object({ timeZone: z.string().optional().describe('IANA time zone, e.g. Europe/Paris') }),
        output: z.object({ iso: z.string(), timeZone: z.string(), local: z.string() }),
        annotations: { title: 'Current time', readOnlyHint: true },
        handler: ({ timeZone }) => {
          const now = new Date();
          const zone = timeZone ?? 'UTC';
          return { iso: now.toISOString(), timeZone: zone, local: now.toLocaleString('en-GB', { timeZone: zone }) };
        },
      }),
    ],
  }),
});
