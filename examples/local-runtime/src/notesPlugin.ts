import { z } from 'zod';
import { createToken, defineEvent, definePlugin, defineTool, healthIndicatorToken, kernelExtensionPoints } from '@cortex-os/kernel';

/** An in-memory note book: the demo's own small plugin, written against the public API only. */
export interface NoteBook {
  add(text: string): { id: string; text: string };
  all(): readonly { id: string; text: string }[];
}

export const noteBookToken = createToken<NoteBook>('demo.notebook');
export const noteAddedEvent = defineEvent({
  type: 'demo.note.added',
  version: '1.0.0',
  data: z.object({ id: z.string(), length: z.number().int() }),
});

export const notesPlugin = definePlugin({
  name: 'notes',
  version: '0.1.0',
  provides: { notebook: noteBookToken, health: healthIndicatorToken },
  // The notes.add tool is contributed: registered once the plugin has started, removed when it stops.
  contributes: { tools: kernelExtensionPoints.tools },
  events: [noteAddedEvent],
  start({ events }) {
    const notes: { id: string; text: string }[] = [];
    const notebook: NoteBook = {
      add(text) {
        const note = { id: `note-${notes.length + 1}`, text };
        notes.push(note);
        events.publish(noteAddedEvent, { id: note.id, length: text.length });
        return note;
      },
      all: () => notes,
    };
    return {
      tools: defineTool({
        name: 'notes.add',
        description: 'Adds a note.',
        input: z.object({ text: z.string().min(1).max(10_000) }),
        output: z.object({ id: z.string(), text: z.string() }),
        handler: ({ text }) => notebook.add(text),
      }),
      notebook,
      health: {
        name: 'notes:count',
        critical: false,
        check: async () => ({ status: 'pass' as const, observedValue: notes.length, observedUnit: 'notes' }),
      },
    };
  },
});
