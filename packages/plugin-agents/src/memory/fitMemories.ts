import { estimateTokens } from '@cortex-os/kernel/router';

/** A memory a recall found: its id, kind, text and hybrid score. */
export interface RecalledMemory {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly score: number;
}

/** The memories that fit a token budget, and what was left out. */
export interface FittedMemories {
  /** The memories kept, most relevant first. */
  readonly kept: readonly RecalledMemory[];
  /** How many memories did not fit. */
  readonly dropped: number;
  /** Estimated tokens of the kept memories' lines. */
  readonly tokens: number;
}

/**
 * The line a recalled memory takes in the context: the id lets the model (and the trace) cite it.
 * Whitespace runs (line breaks included) become one space, so each memory stays one line of the list.
 */
export function memoryLine(memory: RecalledMemory): string {
  return `- [${memory.id}] (${memory.kind}) ${memory.text.replace(/\s+/g, ' ').trim()}`;
}

/**
 * Fits recalled memories into a token budget, most relevant first: memories are taken by
 * descending score (ties keep the search's order) and each is kept when its line still fits;
 * one that does not fit is left out, and smaller, less relevant ones may still fit after it.
 */
export function fitMemories(memories: readonly RecalledMemory[], maxTokens: number): FittedMemories {
  const ordered = memories.map((memory, index) => ({ memory, index })).sort((a, b) => b.memory.score - a.memory.score || a.index - b.index);
  const kept: RecalledMemory[] = [];
  let tokens = 0;
  for (const { memory } of ordered) {
    const cost = estimateTokens(memoryLine(memory));
    if (tokens + cost > maxTokens) continue;
    kept.push(memory);
    tokens += cost;
  }
  return { kept, dropped: memories.length - kept.length, tokens };
}

/** The system message that puts recalled memories in the context. */
export function recalledMemoriesMessage(kept: readonly RecalledMemory[]): string {
  return [
    'Memories recalled for this run, most relevant first (cite a memory by its id in brackets when you use it):',
    ...kept.map(memoryLine),
  ].join('\n');
}
