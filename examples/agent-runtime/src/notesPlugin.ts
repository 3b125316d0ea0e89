import { definePlugin, defineTool, kernelExtensionPoints, type PluginFactory } from '@cortex-os/kernel';
import { agentExtensionPoints, defineAgent } from '@cortex-os/plugin-agents';
import { z } from 'zod';

/** The team notes the example's tools read and write (in memory, for the demo). */
const notes: string[] = [
  'Standup moves to 10:00 from Monday.',
  'The deploy key rotates every 90 days; next rotation on the 1st.',
  'The staging database is restored from backup every night.',
];

const searchNotes = defineTool({
  name: 'notes.search',
  description: 'Finds team notes that mention a term (case-insensitive).',
  input: z.object({ term: z.string().min(1) }),
  output: z.object({ notes: z.array(z.string()) }),
  annotations: { readOnlyHint: true },
  handler: ({ term }) => ({ notes: notes.filter((note) => note.toLowerCase().includes(term.toLowerCase())) }),
});

const addNote = defineTool({
  name: 'notes.add',
  description: 'Adds a team note.',
  input: z.object({ text: z.string().min(1) }),
  output: z.object({ count: z.number() }),
  // Writes, but destroys nothing: the agent may add notes without asking.
  annotations: { readOnlyHint: false, destructiveHint: false },
  handler: ({ text }) => ({ count: notes.push(text) }),
});

/**
 * The example's agent: answers from the notes, callable in-process, over REST and over MCP
 * (`agent.assistant`); it recalls its earlier answers and what it chose to remember, and keeps both.
 */
export const assistant = defineAgent({
  name: 'assistant',
  description: 'Answers questions about the team from its notes.',
  instructions:
    'Search the team notes for the key term of the question, then answer in one sentence from what you found. Cite a recalled memory by its id when it helps; remember lasting facts with memory.remember.',
  tools: ['notes.*'],
  memory: { topK: 3, maxTokens: 400, writeBack: ['answer', 'remember'] },
  asTool: true,
  budgets: { maxSteps: 4, maxTokens: 20_000, maxWallMs: 60_000 },
});

/** Takes notes as a durable task (`POST /api/v1/tasks`); a person approves each note it adds. */
export const scribe = defineAgent({
  name: 'scribe',
  description: 'Adds what it is told to the team notes, once a person approves.',
  instructions: 'Add the note you are given to the team notes, then confirm in one sentence.',
  tools: ['notes.add'],
  approval: ['notes.add'],
  budgets: { maxSteps: 4, maxTokens: 20_000, maxWallMs: 60_000 },
});

/** Contributes the notes tools and the assistant and scribe agents. */
export const notesPlugin: PluginFactory<undefined> = definePlugin({
  name: 'notes',
  version: '0.0.0',
  description: 'Team notes: two tools, an agent that answers from them and one that adds to them.',
  contributes: { tools: kernelExtensionPoints.tools, agents: agentExtensionPoints.agents },
  start: () => ({ tools: [searchNotes, addNote], agents: [assistant, scribe] }),
});
