import { definePlugin, type PluginFactory } from '@cortex-os/kernel';
import { type ChatMessage, type GenerateResult, type ModelProvider, modelProviderToken } from '@cortex-os/kernel/router';

/** The name the scripted model is routed and reported under. */
export const SCRIPTED_MODEL = 'scripted-demo';

/** The question's key term: its longest word (a stand-in for what a real model would pick). */
function keyTerm(question: string): string {
  const words = question.match(/[A-Za-z]{3,}/g) ?? ['notes'];
  return words.reduce((longest, word) => (word.length > longest.length ? word : longest));
}

/** The id of the first recalled memory that mentions the term, from the system message of recalled memories. */
function recalledId(messages: readonly ChatMessage[], term: string): string | undefined {
  const recalled = messages.find((message) => message.role === 'system' && message.content.startsWith('Memories recalled'));
  const line = recalled?.content.split('\n').find((candidate) => candidate.toLowerCase().includes(term.toLowerCase()));
  return line?.match(/^- \[([^\]]+)\]/)?.[1];
}

/**
 * A model that answers from a fixed script, not a model at all: first it searches the notes for
 * the question's longest word, then it answers with what the search found, citing a recalled
 * memory that mentions the word. The demo uses it, labelled as such, when no generating model
 * with tool calling is configured.
 */
function reply(messages: readonly ChatMessage[]): GenerateResult {
  const system = messages[0]?.role === 'system' ? messages[0].content : '';
  // Cerebrum's planner asks for a plan as JSON: search the notes for the goal's key term, then add a note.
  if (system.startsWith('You are a planner')) return planReply(messages.findLast((message) => message.role === 'user')?.content ?? '');
  const result = messages.findLast((message) => message.role === 'tool');
  const question = messages.findLast((message) => message.role === 'user')?.content ?? '';
  // "Note: …" asks for a note to be added (the scribe agent): add it, then confirm.
  if (question.startsWith('Note: ')) return noteReply(question.slice('Note: '.length), result);
  if (result === undefined) {
    const call = { id: 'call_search', name: 'notes.search', arguments: JSON.stringify({ term: keyTerm(question) }) };
    return { model: SCRIPTED_MODEL, text: '', finishReason: 'tool_calls', toolCalls: [call] };
  }
  const found = (JSON.parse(result.content) as { notes?: string[] }).notes ?? [];
  const memory = recalledId(messages, keyTerm(question));
  const text =
    (found.length === 0 ? 'The notes say nothing about that.' : `From the notes: ${found.join(' ')}`) +
    (memory === undefined ? '' : ` (as I answered before: [${memory}])`);
  return { model: SCRIPTED_MODEL, text, finishReason: 'stop' };
}

/** The planner's script: find the goal's key term in the notes, then write down what was asked. */
function planReply(goal: string): GenerateResult {
  const term = /deploy/i.test(goal) ? 'deploy' : keyTerm(goal);
  const plan = {
    goal,
    context: [],
    steps: [
      { id: 'find', tool: 'notes.search', purpose: 'find the facts', input: { term }, inputsFrom: {}, dependsOn: [] },
      {
        id: 'save',
        tool: 'notes.add',
        purpose: 'write it down',
        input: { text: `Checked the notes about ${term}.` },
        inputsFrom: {},
        dependsOn: ['find'],
      },
    ],
  };
  return { model: SCRIPTED_MODEL, text: JSON.stringify(plan), finishReason: 'stop' };
}

/** The scribe's script: add the note, then say whether it was added. */
function noteReply(note: string, result: ChatMessage | undefined): GenerateResult {
  if (result === undefined) {
    const call = { id: 'call_add', name: 'notes.add', arguments: JSON.stringify({ text: note }) };
    return { model: SCRIPTED_MODEL, text: '', finishReason: 'tool_calls', toolCalls: [call] };
  }
  const added = result.content.includes('"count"');
  return { model: SCRIPTED_MODEL, text: added ? `Added the note: ${note}` : 'The note was not added.', finishReason: 'stop' };
}

const provider: ModelProvider = {
  name: SCRIPTED_MODEL,
  capabilities: { operations: ['generate'], locality: 'local', relativeCost: 0, tools: true, generationModels: [SCRIPTED_MODEL] },
  health: async () => ({ available: true, details: { scripted: true } }),
  generate: async (messages) => reply(messages),
};

/** Provides the scripted model, routed after every real provider. */
export const scriptedDemoModelPlugin: PluginFactory<undefined> = definePlugin({
  name: 'scripted-demo-model',
  version: '0.0.0',
  description: 'A scripted stand-in for a generating model, used when none with tool calling is configured.',
  provides: { models: modelProviderToken },
  start: () => ({ models: provider }),
});
