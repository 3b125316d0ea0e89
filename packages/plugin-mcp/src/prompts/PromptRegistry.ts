import { z } from 'zod';
import { McpError } from '../errors/McpError.js';
import type { PromptDefinition, PromptMessage, PromptRenderResult } from './PromptDefinition.js';

/**
 * One argument of a prompt, as clients see it.
 * @public
 */
export interface PromptArgumentDescriptor {
  readonly name: string;
  readonly description?: string;
  readonly required: boolean;
}

/**
 * What clients see of a prompt.
 * @public
 */
export interface PromptDescriptor {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly arguments: readonly PromptArgumentDescriptor[];
}

/**
 * Prompts with zod argument contracts, which MCP (and any other transport) serves.
 *
 * @remarks
 * Depends only on the kernel's public API, so it can move into the kernel unchanged.
 * @public
 */
export interface PromptRegistry {
  /**
   * Adds a prompt; returns a function that removes it.
   * @throws {@link McpError} `MCP_PROMPT_DUPLICATE` when the name is taken.
   */
  register(prompt: PromptDefinition): () => void;
  /** Removes a prompt; true when it was registered. */
  unregister(name: string): boolean;
  has(name: string): boolean;
  /** Every prompt, sorted by name. */
  list(): readonly PromptDescriptor[];
  /**
   * Validates the arguments and renders the prompt.
   * @throws {@link McpError} `MCP_PROMPT_NOT_FOUND` or `MCP_PROMPT_ARGUMENTS_INVALID`.
   */
  get(name: string, args?: Readonly<Record<string, string>>, options?: { readonly signal?: AbortSignal }): Promise<PromptRenderResult>;
  /** Completes an argument; empty when the prompt or argument has no completer. */
  complete(name: string, argument: string, value: string, context?: { readonly arguments?: Readonly<Record<string, string>> }): Promise<readonly string[]>;
  /** Listens for prompts added or removed; returns a remover. */
  onChange(listener: () => void): () => void;
}

/**
 * Creates an empty {@link PromptRegistry}.
 * @example
 * ```ts
 * const prompts = createPromptRegistry();
 * prompts.register(definePrompt({ name: 'hello', render: () => [{ role: 'user', content: { type: 'text', text: 'Hello' } }] }));
 * await prompts.get('hello'); // { messages: [ … ] }
 * ```
 * @public
 */
export function createPromptRegistry(): PromptRegistry {
  const prompts = new Map<string, { readonly definition: PromptDefinition; readonly descriptor: PromptDescriptor }>();
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const listener of listeners) listener();
  };
  const registry: PromptRegistry = {
    register(prompt) {
      if (prompts.has(prompt.name)) {
        throw new McpError('MCP_PROMPT_DUPLICATE', `A prompt named "${prompt.name}" is already registered; unregister it first or choose another name.`, { details: { prompt: prompt.name } });
      }
      prompts.set(prompt.name, { definition: prompt, descriptor: describe(prompt) });
      changed();
      return () => {
        if (prompts.get(prompt.name)?.definition === prompt) registry.unregister(prompt.name);
      };
    },
    unregister(name) {
      const removed = prompts.delete(name);
      if (removed) changed();
      return removed;
    },
    has: (name) => prompts.has(name),
    list: () => [...prompts.values()].map((p) => p.descriptor).sort((a, b) => a.name.localeCompare(b.name)),
    async get(name, args = {}, options = {}) {
      const prompt = prompts.get(name)?.definition;
      if (prompt === undefined) {
        const names = [...prompts.keys()].sort();
        throw new McpError('MCP_PROMPT_NOT_FOUND', `Unknown prompt "${name}". Available: ${names.length === 0 ? 'none' : names.join(', ')}.`, { details: { prompt: name } });
      }
      const schema = prompt.arguments ?? z.object({});
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new McpError('MCP_PROMPT_ARGUMENTS_INVALID', `Invalid arguments for prompt "${name}": ${issues.join('; ')}.`, { details: { prompt: name, issues } });
      }
      const rendered = await prompt.render(parsed.data, { signal: options.signal ?? new AbortController().signal });
      return Array.isArray(rendered) ? { messages: rendered as readonly PromptMessage[] } : (rendered as PromptRenderResult);
    },
    async complete(name, argument, value, context = {}) {
      const completer = (prompts.get(name)?.definition.complete as Record<string, ((v: string, c: { arguments: Readonly<Record<string, string>> }) => readonly string[] | Promise<readonly string[]>) | undefined> | undefined)?.[argument];
      if (completer === undefined) return [];
      return [...(await completer(value, { arguments: context.arguments ?? {} }))];
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return registry;
}

function describe(prompt: PromptDefinition): PromptDescriptor {
  const shape = (prompt.arguments?.shape ?? {}) as Record<string, z.ZodType>;
  return Object.freeze({
    name: prompt.name,
    ...(prompt.title === undefined ? {} : { title: prompt.title }),
    ...(prompt.description === undefined ? {} : { description: prompt.description }),
    arguments: Object.entries(shape).map(([name, field]) => ({
      name,
      ...(field.description === undefined ? {} : { description: field.description }),
      required: !field.safeParse(undefined).success,
    })),
  });
}
