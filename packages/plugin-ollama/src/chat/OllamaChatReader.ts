import { CortexError, KernelError } from '@cortex-os/kernel';
import type { ModelFinishReason, ModelStreamPart, ModelToolCall, ModelUsage } from '@cortex-os/kernel/router';
import { invalidOllamaResponse } from '../errors/invalidOllamaResponse.js';
import { OllamaError } from '../errors/OllamaError.js';
import type { OllamaToolChoicePlan } from './emulateToolChoice.js';
import type { OllamaChatLine } from './OllamaChatWire.js';

const request = 'POST /api/chat';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** FNV-1a (32 bits) in hex: a short, stable digest for invented call ids. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The id of a call the server sent without one (Ollama before 0.12): its position in the reply
 * and a digest of the call, so the same reply always gets the same ids and ids rarely repeat
 * across turns (a repeat only ever pairs the same call at the same position).
 */
export function inventToolCallId(index: number, name: string, argumentsText: string): string {
  return `call_${index}_${digest(`${name}\u0000${argumentsText}`)}`;
}

/**
 * Reads the NDJSON lines of an `/api/chat` answer (or its one object, unstreamed) as the
 * contract's stream parts: a `text-delta` per content piece, one `tool-call-delta` per tool call
 * carrying the whole call (Ollama sends calls whole, with arguments as an object, which is
 * serialised to JSON text), then one `finish` from the line with `"done": true`.
 *
 * @remarks
 * Calls are numbered across the whole reply (Ollama's own `function.index` restarts per chunk);
 * a call without an `id` gets {@link inventToolCallId}. The finish reason is `length` when
 * Ollama's `done_reason` says so, else `tool_calls` when the reply called tools, else `stop`;
 * usage comes from `prompt_eval_count` and `eval_count`. `thinking` text is not part of the reply.
 */
export class OllamaChatReader {
  readonly #provider: string;
  readonly #toolChoice: OllamaToolChoicePlan;
  readonly #calls: ModelToolCall[] = [];
  #text = '';
  #model: string | undefined;

  constructor(provider: string, toolChoice: OllamaToolChoicePlan) {
    this.#provider = provider;
    this.#toolChoice = toolChoice;
  }

  /** The model Ollama says answered, once a line named it. */
  get model(): string | undefined {
    return this.#model;
  }

  /**
   * Yields the parts of the answer, in order, ending with `finish`.
   * @throws `PROVIDER_REQUEST_FAILED` (a `KernelError`) with an {@link OllamaError} cause:
   * `OLLAMA_RESPONSE_INVALID` for a line that is not JSON or not the wire format (or too long),
   * `OLLAMA_STREAM_ERROR` for an `{"error": …}` line, `OLLAMA_STREAM_TRUNCATED` when the lines end
   * before `"done": true`, `OLLAMA_TOOL_CHOICE_UNMET` when the reply breaks the tool choice.
   */
  async *read(lines: AsyncIterable<string>): AsyncGenerator<ModelStreamPart, void, undefined> {
    let done: OllamaChatLine | undefined;
    try {
      for await (const text of lines) {
        const line = this.#parse(text);
        if (typeof line.model === 'string') this.#model = line.model;
        yield* this.#partsOf(line);
        if (line.done === true) {
          done = line;
          break;
        }
      }
    } catch (error) {
      // A line over `maxLineBytes`, from readNdjsonLines.
      if (CortexError.is(error, 'OLLAMA_RESPONSE_INVALID')) throw this.#invalid(error.message, error);
      throw error;
    }
    if (done === undefined) throw this.#truncated();
    this.#toolChoice.check(this.#provider, this.#calls, this.#text);
    yield this.#finish(done);
  }

  #parse(text: string): OllamaChatLine {
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch (error) {
      throw this.#invalid(`line is not JSON: ${text.slice(0, 200)}`, error);
    }
    if (!isObject(line)) throw this.#invalid(`line is not a JSON object: ${text.slice(0, 200)}`);
    if (line['error'] !== undefined) {
      const message = `Provider "${this.#provider}" reported an error mid-stream on ${request}: ${String(line['error'])}`;
      throw new KernelError('PROVIDER_REQUEST_FAILED', message, {
        details: { provider: this.#provider, reason: 'stream-error' },
        cause: new OllamaError('OLLAMA_STREAM_ERROR', message),
      });
    }
    return line;
  }

  *#partsOf(line: OllamaChatLine): Generator<ModelStreamPart, void, undefined> {
    const message = line.message;
    if (message === undefined) return;
    if (!isObject(message)) throw this.#invalid('expected `message` to be an object');
    const content = message.content;
    if (content !== undefined && typeof content !== 'string') throw this.#invalid('expected `message.content` to be a string');
    if (content !== undefined && content !== '') {
      this.#text += content;
      yield { type: 'text-delta', text: content };
    }
    const calls = message.tool_calls;
    if (calls === undefined || calls === null) return;
    if (!Array.isArray(calls)) throw this.#invalid('expected `message.tool_calls` to be an array');
    for (const raw of calls) {
      const call = this.#toolCall(raw, this.#calls.length);
      this.#calls.push(call);
      yield { type: 'tool-call-delta', index: this.#calls.length - 1, id: call.id, name: call.name, argumentsDelta: call.arguments };
    }
  }

  #toolCall(raw: unknown, index: number): ModelToolCall {
    const fn = isObject(raw) ? raw['function'] : undefined;
    const name = isObject(fn) ? fn['name'] : undefined;
    if (!isObject(fn) || typeof name !== 'string' || name === '')
      throw this.#invalid(`expected tool call ${index} to have \`function.name\``);
    const args = fn['arguments'];
    // Ollama sends an object; OpenAI-style JSON text (some proxies) passes unchanged.
    let text: string;
    if (typeof args === 'string') text = args;
    else if (args === undefined || args === null) text = '{}';
    else if (isObject(args)) text = JSON.stringify(args);
    else throw this.#invalid(`expected the arguments of tool call ${index} ("${name}") to be an object`);
    const id = isObject(raw) && typeof raw['id'] === 'string' && raw['id'] !== '' ? raw['id'] : inventToolCallId(index, name, text);
    return { id, name, arguments: text };
  }

  #finish(done: OllamaChatLine): ModelStreamPart {
    let finishReason: ModelFinishReason = 'stop';
    if (done.done_reason === 'length') finishReason = 'length';
    else if (this.#calls.length > 0) finishReason = 'tool_calls';
    const usage: ModelUsage = {
      ...(typeof done.prompt_eval_count === 'number' ? { inputTokens: done.prompt_eval_count } : {}),
      ...(typeof done.eval_count === 'number' ? { outputTokens: done.eval_count } : {}),
    };
    return Object.keys(usage).length === 0 ? { type: 'finish', finishReason } : { type: 'finish', finishReason, usage };
  }

  #truncated(): KernelError {
    const message = `Provider "${this.#provider}" ended the stream of ${request} before the line with "done": true (${this.#text.length} characters received).`;
    return new KernelError('PROVIDER_REQUEST_FAILED', message, {
      details: { provider: this.#provider, reason: 'stream-truncated' },
      cause: new OllamaError('OLLAMA_STREAM_TRUNCATED', message),
    });
  }

  #invalid(problem: string, cause?: unknown): KernelError {
    return invalidOllamaResponse(this.#provider, request, problem, cause);
  }
}
