import { KernelError } from '@cortex-os/kernel';
import type { ToolContent } from '@cortex-os/kernel';

/**
 * How large a tool's result may be, in approximate tokens (characters / 4).
 * @public
 */
export interface ToolOutputBudget {
  /** Most approximate tokens the whole result (structured output and content) may take. */
  readonly maxTokens: number;
  /**
   * `error` (default) refuses an oversized result with `TOOL_OUTPUT_BUDGET_EXCEEDED`;
   * `truncate` cuts text content to fit and appends a note saying so.
   */
  readonly onExceeded?: 'error' | 'truncate';
}

/**
 * The parts of a tool result the budget measures.
 * @public
 */
export interface ToolOutputBudgetSubject {
  /** Structured output, measured as JSON. */
  readonly structured?: unknown;
  /** Content parts: text, base64 image or audio, resource links. */
  readonly content: readonly ToolContent[];
}

/**
 * What {@link applyToolOutputBudget} returned: the (possibly truncated) output and its size.
 * @public
 */
export interface ToolOutputBudgetOutcome<R extends ToolOutputBudgetSubject> {
  /** The result to send: the input itself when it fit, else a truncated copy. */
  readonly output: R;
  /** Approximate tokens of `output`. */
  readonly tokens: number;
  /** Approximate tokens before truncation. */
  readonly originalTokens: number;
  /** True when text was cut and a truncation note appended. */
  readonly truncated: boolean;
}

/**
 * Approximate token count of a text: characters / 4, rounded up. Cheap, model-independent, and
 * close enough for English prose and JSON to enforce budgets.
 * @public
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function contentChars(item: ToolContent): number {
  switch (item.type) {
    case 'text':
      return item.text.length;
    case 'image':
    case 'audio':
      return item.data.length + item.mimeType.length;
    case 'resource_link':
      return item.uri.length + item.name.length + (item.mimeType?.length ?? 0) + (item.description?.length ?? 0);
  }
}

function structuredChars(structured: unknown): number {
  if (structured === undefined) return 0;
  return JSON.stringify(structured)?.length ?? 0;
}

/**
 * Approximate tokens of a tool result: structured output as JSON, text, base64 data and link fields.
 * @public
 */
export function measureToolOutput(output: ToolOutputBudgetSubject): number {
  let chars = structuredChars(output.structured);
  for (const item of output.content) chars += contentChars(item);
  return Math.ceil(chars / 4);
}

function truncationNote(maxTokens: number, originalTokens: number): string {
  return `[truncated: the result took about ${originalTokens} tokens, over this tool's budget of ${maxTokens}; ask for less to see the rest]`;
}

/**
 * Checks a tool result against its budget: returns it unchanged when it fits, truncates its
 * text content (declared with a note) when the budget allows truncation, and refuses it otherwise.
 *
 * @remarks
 * A pure function, usable by a tool interceptor or a transport. Only text is cut; structured
 * output, images and audio cannot be shortened meaningfully, so when they alone exceed the
 * budget the result is refused even with `truncate`.
 * @throws {@link KernelError} `TOOL_OUTPUT_BUDGET_EXCEEDED` naming the tool, its size and budget.
 * @public
 */
export function applyToolOutputBudget<R extends ToolOutputBudgetSubject>(
  tool: string,
  output: R,
  budget: ToolOutputBudget,
): ToolOutputBudgetOutcome<R> {
  const { maxTokens } = budget;
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 1)
    throw new KernelError(
      'TOOL_OUTPUT_BUDGET_INVALID',
      `Output budget of tool "${tool}" must be a whole number of tokens >= 1, got ${maxTokens}.`,
      { details: { tool, maxTokens } },
    );
  const originalTokens = measureToolOutput(output);
  if (originalTokens <= maxTokens) return { output, tokens: originalTokens, originalTokens, truncated: false };

  const exceeded = (why: string): KernelError =>
    new KernelError(
      'TOOL_OUTPUT_BUDGET_EXCEEDED',
      `Tool "${tool}" returned about ${originalTokens} tokens, over its budget of ${maxTokens}${why}.`,
      {
        details: { tool, tokens: originalTokens, maxTokens, retryable: false },
      },
    );
  if (budget.onExceeded !== 'truncate') throw exceeded('');

  const note = truncationNote(maxTokens, originalTokens);
  let remaining = maxTokens * 4 - note.length - structuredChars(output.structured);
  for (const item of output.content) if (item.type !== 'text') remaining -= contentChars(item);
  if (remaining < 0) throw exceeded('; its structured output, images and audio alone exceed it, and only text can be truncated');

  const content: ToolContent[] = [];
  for (const item of output.content) {
    if (item.type !== 'text') {
      content.push(item);
      continue;
    }
    if (item.text.length <= remaining) {
      content.push(item);
      remaining -= item.text.length;
      continue;
    }
    let cut = remaining;
    // Never split a surrogate pair: half a character is not valid text.
    if (cut > 0 && cut < item.text.length && /[\uD800-\uDBFF]/.test(item.text.charAt(cut - 1))) cut -= 1;
    if (cut > 0) content.push({ type: 'text', text: item.text.slice(0, cut) });
    remaining = 0;
  }
  content.push({ type: 'text', text: note });
  const truncated = { ...output, content } as R;
  return { output: truncated, tokens: measureToolOutput(truncated), originalTokens, truncated: true };
}
