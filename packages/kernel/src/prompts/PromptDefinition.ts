import { z } from 'zod';
import { KernelError } from '../errors/KernelError.js';
import type { ResourceContents } from '../resources/ResourceDefinition.js';

/**
 * One piece of prompt message content: text, image, audio, an embedded resource or a resource link.
 * @public
 */
export type PromptContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly data: string; readonly mimeType: string }
  | { readonly type: 'audio'; readonly data: string; readonly mimeType: string }
  | { readonly type: 'resource'; readonly resource: ResourceContents }
  | {
      readonly type: 'resource_link';
      readonly uri: string;
      readonly name: string;
      readonly mimeType?: string;
      readonly description?: string;
    };

/**
 * One message of a rendered prompt.
 * @public
 */
export interface PromptMessage {
  /** Who speaks the message. */
  readonly role: 'user' | 'assistant';
  /** What it says. */
  readonly content: PromptContent;
}

/**
 * A rendered prompt.
 * @public
 */
export interface PromptRenderResult {
  /** A description of this rendering, when it differs from the prompt's. */
  readonly description?: string;
  /** The messages, in order. */
  readonly messages: readonly PromptMessage[];
}

/**
 * The argument contract of a prompt: a zod object whose fields take strings (MCP prompt arguments are strings).
 * @public
 */
export type PromptArgumentsSchema = z.ZodObject<Readonly<Record<string, z.ZodType<string | undefined, string | undefined>>>>;

/**
 * Completes one prompt argument: candidates for the prefix `value`, with the other arguments given so far.
 * @public
 */
export type PromptArgumentCompleter = (
  value: string,
  context: { readonly arguments: Readonly<Record<string, string>> },
) => readonly string[] | Promise<readonly string[]>;

/**
 * A reusable prompt template with a typed argument contract.
 * @public
 */
export interface PromptDefinition<A extends PromptArgumentsSchema = PromptArgumentsSchema> {
  /** 1–128 letters, digits, `_`, `-` or `.`; unique per registry. */
  readonly name: string;
  /** A human-readable name for listings. */
  readonly title?: string;
  /** What the prompt is for. */
  readonly description?: string;
  /** Argument contract; omit for a prompt without arguments. Field descriptions (`.describe`) are listed to clients. */
  readonly arguments?: A;
  /** Completion of arguments: argument name → candidates for a prefix (other arguments given so far in `context`). */
  readonly complete?: { readonly [K in keyof z.input<A>]?: PromptArgumentCompleter };
  /** Renders the messages from the validated arguments. */
  readonly render: (
    args: z.output<A>,
    context: { readonly signal: AbortSignal },
  ) => PromptRenderResult | readonly PromptMessage[] | Promise<PromptRenderResult | readonly PromptMessage[]>;
}

const PROMPT_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Defines a prompt, checking its name, argument contract, completers and renderer.
 * @throws {@link KernelError} `PROMPT_DEFINITION_INVALID` naming what is wrong.
 * @example
 * ```ts
 * const review = definePrompt({
 *   name: 'review', description: 'Reviews code.',
 *   arguments: z.object({ language: z.string().describe('Programming language') }),
 *   complete: { language: (v) => ['go', 'rust', 'typescript'].filter((l) => l.startsWith(v)) },
 *   render: ({ language }) => [{ role: 'user', content: { type: 'text', text: `Review this ${language} code.` } }],
 * });
 * ```
 * @public
 */
export function definePrompt<A extends PromptArgumentsSchema = PromptArgumentsSchema>(
  definition: PromptDefinition<A>,
): PromptDefinition<A> {
  if (typeof definition.name !== 'string' || !PROMPT_NAME_PATTERN.test(definition.name)) {
    throw new KernelError(
      'PROMPT_DEFINITION_INVALID',
      `Prompt name "${String(definition.name)}" is invalid: use 1–128 letters, digits, "_", "-" or ".".`,
      { details: { prompt: definition.name } },
    );
  }
  if (definition.arguments !== undefined && !(definition.arguments instanceof z.ZodObject)) {
    throw new KernelError('PROMPT_DEFINITION_INVALID', `Prompt "${definition.name}" arguments must be a zod object of string fields.`, {
      details: { prompt: definition.name },
    });
  }
  const fields = Object.keys(definition.arguments?.shape ?? {});
  for (const key of Object.keys(definition.complete ?? {})) {
    if (!fields.includes(key)) {
      throw new KernelError(
        'PROMPT_DEFINITION_INVALID',
        `Prompt "${definition.name}" completes "${key}", which is not one of its arguments (${fields.join(', ') || 'none'}).`,
        {
          details: { prompt: definition.name },
        },
      );
    }
  }
  if (typeof definition.render !== 'function') {
    throw new KernelError('PROMPT_DEFINITION_INVALID', `Prompt "${definition.name}" needs a render function.`, {
      details: { prompt: definition.name },
    });
  }
  return Object.freeze({ ...definition });
}
