import type { ToolAnnotations } from '@cortex-os/kernel';
import type { ModelToolDefinition } from '@cortex-os/kernel/router';

/** The meta-tool's name; it is answered by the run loop, which stores through `memory.store` in the agent's scope. */
export const MEMORY_REMEMBER_NAME = 'memory.remember';

/** Memory kinds, as plugin-memory accepts them. */
const KIND_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Longest text one `memory.remember` call stores. */
const MAX_REMEMBER_CHARS = 10_000;

/** What `memory.remember` is, for the journal: it writes, never destroys, and storing twice stores two memories. */
export const memoryRememberAnnotations: ToolAnnotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
});

/** The meta-tool offered to agents whose memory `writeBack` includes `remember`. */
export const memoryRememberModelTool: ModelToolDefinition = Object.freeze({
  name: MEMORY_REMEMBER_NAME,
  description:
    'Stores something worth remembering in later runs (a fact, a preference, a decision), in your own memory. Keep it short and self-contained.',
  inputSchema: Object.freeze({
    type: 'object',
    properties: {
      text: { type: 'string', description: 'What to remember, as one self-contained statement.', maxLength: MAX_REMEMBER_CHARS },
      kind: {
        type: 'string',
        description: 'What sort of memory it is: fact (default), preference, decision, …',
        pattern: KIND_PATTERN.source,
      },
    },
    required: ['text'],
    additionalProperties: false,
  }),
});

/** The meta-tool's arguments, or why they are unusable. */
export function parseRememberArguments(text: string): { readonly text: string; readonly kind: string } | string {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return 'its arguments are not valid JSON';
  }
  const { text: memory, kind } = (typeof value === 'object' && value !== null ? value : {}) as { text?: unknown; kind?: unknown };
  if (typeof memory !== 'string' || memory.trim() === '') return 'text: a non-empty string is required';
  if (memory.length > MAX_REMEMBER_CHARS) return `text: at most ${MAX_REMEMBER_CHARS} characters`;
  if (kind !== undefined && !(typeof kind === 'string' && KIND_PATTERN.test(kind)))
    return 'kind: lowercase letters, digits, dots, dashes and underscores (at most 64), starting with a letter or digit';
  return { text: memory, kind: typeof kind === 'string' ? kind : 'fact' };
}
