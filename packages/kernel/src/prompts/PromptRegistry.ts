import { z } from 'zod';
import { CortexError, toError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';
import { closestName } from '../tools/closestName.js';
import type { PromptArgumentCompleter, PromptDefinition, PromptMessage, PromptRenderResult } from './PromptDefinition.js';
import { createDisposer, type Disposer } from '../lifecycle/Disposer.js';

/**
 * One argument of a prompt, as clients see it.
 * @public
 */
export interface PromptArgumentDescriptor {
  /** The argument's name (a field of the prompt's argument contract). */
  readonly name: string;
  /** The field's description (`.describe(…)`). */
  readonly description?: string;
  /** False when the field accepts `undefined` (optional or defaulted). */
  readonly required: boolean;
}

/**
 * What clients see of a prompt.
 * @public
 */
export interface PromptDescriptor {
  /** The prompt's name. */
  readonly name: string;
  /** Its human-readable name. */
  readonly title?: string;
  /** What it is for. */
  readonly description?: string;
  /** Its arguments, in contract order. */
  readonly arguments: readonly PromptArgumentDescriptor[];
}

/**
 * Options of {@link PromptRegistry.get}.
 * @public
 */
export interface PromptGetOptions {
  /** Cancels the rendering; passed to the renderer. */
  readonly signal?: AbortSignal;
}

/**
 * Prompts with zod argument contracts, which MCP (and any other transport) serves.
 *
 * @remarks
 * Plugins contribute definitions on {@link kernelExtensionPoints}`.prompts` into the kernel's registry (`kernel.prompts`), which every transport serves.
 * @public
 */
export interface PromptRegistry {
  /**
   * Adds a prompt; returns a function that removes it.
   * @throws {@link KernelError} `PROMPT_DUPLICATE` when the name is taken.
   */
  register(prompt: PromptDefinition): Disposer;
  /** Removes a prompt; true when it was registered. */
  unregister(name: string): boolean;
  /** True when a prompt of that name is registered. */
  has(name: string): boolean;
  /** Every prompt, sorted by name. */
  list(): readonly PromptDescriptor[];
  /**
   * Validates the arguments and renders the prompt.
   * @throws {@link KernelError} `PROMPT_NOT_FOUND`, `PROMPT_ARGUMENTS_INVALID`, or `PROMPT_RENDER_FAILED` wrapping what the render function threw.
   */
  get(name: string, args?: Readonly<Record<string, string>>, options?: PromptGetOptions): Promise<PromptRenderResult>;
  /** Completes an argument; empty when the prompt or argument has no completer. */
  complete(
    name: string,
    argument: string,
    value: string,
    context?: { readonly arguments?: Readonly<Record<string, string>> },
  ): Promise<readonly string[]>;
  /** Listens for prompts added or removed; returns its {@link Disposer}. */
  onChange(listener: () => void): Disposer;
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
        throw new KernelError(
          'PROMPT_DUPLICATE',
          `A prompt named "${prompt.name}" is already registered; unregister it first or choose another name.`,
          { details: { prompt: prompt.name } },
        );
      }
      prompts.set(prompt.name, { definition: prompt, descriptor: describe(prompt) });
      changed();
      return createDisposer(() => {
        if (prompts.get(prompt.name)?.definition === prompt) registry.unregister(prompt.name);
      });
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
        const suggestion = closestName(name, names);
        throw new KernelError(
          'PROMPT_NOT_FOUND',
          `Unknown prompt "${name}".${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`} Available: ${names.length === 0 ? 'none' : names.join(', ')}.`,
          {
            details: { prompt: name, ...(suggestion === undefined ? {} : { suggestion }) },
          },
        );
      }
      const schema = prompt.arguments ?? z.object({});
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new KernelError('PROMPT_ARGUMENTS_INVALID', `Invalid arguments for prompt "${name}": ${issues.join('; ')}.`, {
          details: { prompt: name, issues },
        });
      }
      let rendered: Awaited<ReturnType<typeof prompt.render>>;
      try {
        rendered = await prompt.render(parsed.data, { signal: options.signal ?? new AbortController().signal });
      } catch (thrown) {
        if (CortexError.is(thrown)) throw thrown;
        throw KernelError.create(
          'PROMPT_RENDER_FAILED',
          { prompt: name, reason: toError(thrown).message },
          { details: { prompt: name }, cause: thrown },
        );
      }
      return Array.isArray(rendered) ? { messages: rendered as readonly PromptMessage[] } : (rendered as PromptRenderResult);
    },
    async complete(name, argument, value, context = {}) {
      const completer = (
        prompts.get(name)?.definition.complete as Readonly<Record<string, PromptArgumentCompleter | undefined>> | undefined
      )?.[argument];
      if (completer === undefined) return [];
      return [...(await completer(value, { arguments: context.arguments ?? {} }))];
    },
    onChange(listener) {
      listeners.add(listener);
      return createDisposer(() => listeners.delete(listener));
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
