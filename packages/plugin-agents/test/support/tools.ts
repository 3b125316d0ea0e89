import { defineTool } from '@cortex-os/kernel';
import { z } from 'zod';

/** A read-only lookup. */
export const weatherTool = defineTool({
  name: 'weather',
  description: 'Weather in a city.',
  input: z.object({ city: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ city }) => ({ city, sky: 'sunny' }),
});

/** A tool that always fails. */
export const brokenTool = defineTool({
  name: 'broken',
  description: 'Always fails.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: () => {
    throw new Error('disk /srv/private/data.db is on fire');
  },
});

/** A destructive tool (no annotations: destructive by MCP's defaults); records what it deleted. */
export function deleteTool(deleted: string[] = []) {
  return defineTool({
    name: 'files.delete',
    description: 'Deletes a file.',
    input: z.object({ path: z.string() }),
    handler: ({ path }) => {
      deleted.push(path);
      return { deleted: path };
    },
  });
}
