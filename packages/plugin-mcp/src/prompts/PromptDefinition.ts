import { z } from 'zod';
import { McpError } from '../errors/McpError.js';
import type { ResourceContents } from '../resources/ResourceDefinition.js';

/**
 * One piece of prompt message content.
 * @public
 */
export type PromptContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly data: string; readonly mimeType: string }
  | { readonly type: 'audio'; readonly data: string; readonly mimeType: string }
  | { readonly type: 'resource'; readonly resource: ResourceContents }
  | { readonly type: 'resource_link'; readonly uri: string; readonly name: string; readonly mimeType?: string; readonly description?: string };

/**
 * One message of a rendered prompt.
 * @public
 */
export interface PromptMessage {
  readonly role: 'user' | 'assistant';
  readonly content: PromptContent;
}

/**
 * A rendered prompt.
 * @public
 */
export interface PromptRenderResult {
  readonly description?: string;
  readonly messages: readonly PromptMessage[];
}

/**
 * The argument contract of a prompt: a zod object whose fields take strings (MCP prompt arguments are strings).
 * @public
 */
export type PromptArgumentsSchema = z.ZodObject<Readonly<Record<string, z.ZodType<string | undefined, string | undefined>>>>;

/**
 * A reusable prompt template with a typed argument contract.
 * @public
 */
export interface PromptDefinition<A extends PromptArgumentsSchema = PromptArgumentsSchema> {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  /** Argument contract; omit for a prompt without arguments. */
  readonly arguments?: A;
  /** Completion of arguments: argument name → candidates for a prefix (other arguments given so far in `context`). */
  readonly complete?: { readonly [K in keyof z.input<A>]?: (value: string, context: { readonly arguments: Readonly<Record<string, string>> }) => readonly string[] | Promise<readonly string[]> };
  readonly render: (args: z.output<A>, context: { readonly signal: AbortSignal }) => PromptRenderResult | readonly PromptMessage[] | Promise<PromptRenderResult | readonly PromptMessage[]>;
}

const PROMPT_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Defines a prompt, checking its name and argument contract.
 * @throws {@link McpError} `MCP_PROMPT_DEFINITION_INVALID` naming what is wrong.
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
export function definePrompt<A extends PromptArgumentsSchema = PromptArgumentsSchema>(definition: PromptDefinition<A>): PromptDefinition<A> {
  if (!PROMPT_NAME_PATTERN.test(definition.name)) {
    throw new McpError('MCP_PROMPT_DEFINITION_INVALID', `Prompt name "${definition.name}" is invalid: use 1–128 letters, digits, "_", "-" or ".".`, { details: { prompt: definition.name } });
  }
  if (definition.arguments !== undefined && !(definition.arguments instanceof z.ZodObject)) {
    throw new McpError('MCP_PROMPT_DEFINITION_INVALID', `Prompt "${definition.name}" arguments must be a zod object of string fields.`, { details: { prompt: definition.name } });
  }
  const fields = Object.keys(definition.arguments?.shape ?? {});
  for (const key of Object.keys(definition.complete ?? {})) {
    if (!fields.includes(key)) {
      throw new McpError('MCP_PROMPT_DEFINITION_INVALID', `Prompt "${definition.name}" completes "${key}", which is not one of its arguments (${fields.join(', ') || 'none'}).`, {
        details: { prompt: definition.name },
      });
    }
  }
  if (typeof definition.render !== 'function') {
    throw new McpError('MCP_PROMPT_DEFINITION_INVALID', `Prompt "${definition.name}" needs a render function.`, { details: { prompt: definition.name } });
  }
  return Object.freeze({ ...definition });
}
