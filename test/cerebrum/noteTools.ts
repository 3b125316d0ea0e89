import { defineTool } from '@cortex-os/kernel';
import { z } from 'zod';

/** The real tools plans in these tests run: a read-only page read (`<page>: otters hold hands`) and a note write recorded in `written`. */
export function noteTools(written: string[], readTool = 'archive.fetch') {
  return [
    defineTool({
      name: readTool,
      description: `Fetches a page (${readTool}).`,
      input: z.object({ page: z.string() }),
      annotations: { readOnlyHint: true },
      handler: ({ page }) => ({ text: `${page}: otters hold hands` }),
    }),
    defineTool({
      name: 'notes.write',
      description: 'Writes a note.',
      input: z.object({ text: z.object({ text: z.string() }) }),
      handler: ({ text }) => {
        written.push(text.text);
        return { saved: written.length };
      },
    }),
  ];
}
