import { KernelError } from '@cortex-os/kernel';
import type { ModelToolCall, ModelToolChoice, ModelToolDefinition } from '@cortex-os/kernel/router';
import { OllamaError } from '../errors/OllamaError.js';

/** What a tool choice means for one Ollama request: the tools to send and the check of the reply. */
export interface OllamaToolChoicePlan {
  /** The tools to send: all, none, or only the named one. */
  readonly tools: readonly ModelToolDefinition[];
  /** The choice as asked, for messages. */
  readonly choice: ModelToolChoice;
  /**
   * Throws when the reply breaks the choice: no call for `required`, or no call of the named tool.
   * @throws `PROVIDER_REQUEST_FAILED` with an {@link OllamaError} `OLLAMA_TOOL_CHOICE_UNMET` cause.
   */
  check(provider: string, calls: readonly ModelToolCall[], text: string): void;
}

function unmet(provider: string, choice: ModelToolChoice, calls: readonly ModelToolCall[], text: string): KernelError {
  const expected = choice === 'required' ? 'a tool' : `tool "${(choice as { name: string }).name}"`;
  const message = `Provider "${provider}" answered without calling ${expected}, which toolChoice ${JSON.stringify(choice)} requires (Ollama has no tool_choice; the provider checks the reply).`;
  // The model's text stays in `details`, which transports never show: it may echo private input.
  return new KernelError('PROVIDER_REQUEST_FAILED', message, {
    details: {
      provider,
      reason: 'tool-choice-unmet',
      toolChoice: choice,
      called: calls.map((call) => call.name),
      rawText: text,
      retryable: false,
    },
    cause: new OllamaError('OLLAMA_TOOL_CHOICE_UNMET', message),
  });
}

/**
 * Emulates `toolChoice` on Ollama, whose `/api/chat` has none: `none` sends no tools (the model
 * cannot call what it is not offered), a named tool is sent alone (so the model can call nothing
 * else), and `required` and a named tool are checked on the reply, which must call at least one
 * tool (only the named one). `auto`, or no choice, sends every tool and checks nothing.
 *
 * @throws {@link OllamaError} `OLLAMA_REQUEST_INVALID` when `required` or a named tool comes
 * without the tools to satisfy it (the router refuses such requests before calling any provider).
 */
export function emulateToolChoice(
  tools: readonly ModelToolDefinition[] | undefined,
  choice: ModelToolChoice = 'auto',
): OllamaToolChoicePlan {
  const offered = tools ?? [];
  if (choice === 'auto' || choice === 'none') return { tools: choice === 'none' ? [] : offered, choice, check: () => undefined };
  const sent = choice === 'required' ? offered : offered.filter((tool) => tool.name === choice.name);
  if (sent.length === 0) {
    const names = offered.map((tool) => tool.name);
    const reason =
      names.length === 0
        ? `toolChoice ${JSON.stringify(choice)} needs tools, and none are offered`
        : `toolChoice names "${(choice as { name: string }).name}", which is not among the tools offered (${names.join(', ')})`;
    throw OllamaError.create('OLLAMA_REQUEST_INVALID', { reason }, { details: { toolChoice: choice, offered: names } });
  }
  return {
    tools: sent,
    choice,
    check(provider, calls, text) {
      const met = calls.length > 0 && (choice === 'required' || calls.every((call) => call.name === choice.name));
      if (!met) throw unmet(provider, choice, calls, text);
    },
  };
}
