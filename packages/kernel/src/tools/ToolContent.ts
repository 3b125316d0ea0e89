/**
 * One piece of a tool result that is not structured data.
 * @public
 */
export type ToolContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly data: string; readonly mimeType: string }
  | { readonly type: 'audio'; readonly data: string; readonly mimeType: string }
  | {
      readonly type: 'resource_link';
      readonly uri: string;
      readonly name: string;
      readonly mimeType?: string;
      readonly description?: string;
    };

const toolResultBrand = Symbol.for('cortex-os.tool-result');

/**
 * A tool result with content besides (or instead of) structured output.
 * @public
 */
export interface ToolResult<O = unknown> {
  /** Structured output, validated against the tool's output schema when it has one. */
  readonly structured?: O;
  /** Text, images, audio or resource links for the caller. */
  readonly content: readonly ToolContent[];
}

/**
 * Builds a rich tool result: structured output plus text, images, audio or resource links.
 * @example
 * ```ts
 * return toolResult({ structured: { count: 2 }, content: [{ type: 'text', text: '2 notes' }] });
 * ```
 * @public
 */
export function toolResult<O>(result: { readonly structured?: O; readonly content?: readonly ToolContent[] }): ToolResult<O> {
  const built = { content: result.content ?? [], ...(result.structured === undefined ? {} : { structured: result.structured }) };
  Object.defineProperty(built, toolResultBrand, { value: true });
  return built;
}

/**
 * True when the value was built by {@link toolResult}.
 * @internal
 */
export function isToolResult(value: unknown): value is ToolResult {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[toolResultBrand] === true;
}
