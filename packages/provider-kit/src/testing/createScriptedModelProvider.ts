import { KernelError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  ModelFinishReason,
  ModelProvider,
  ModelProviderCapabilities,
  ModelProviderHealth,
  ModelStreamPart,
  ModelTokenPrices,
  ModelToolCall,
  ModelUsage,
} from '@cortex-os/kernel/router';

/**
 * A tool call in a scripted reply; `arguments` may be an object (sent as its JSON) or the exact
 * text a model would send (to script malformed calls).
 * @public
 */
export interface ScriptedModelToolCall {
  /**
   * The call's id.
   * @defaultValue `call_<step>_<index>`, counted from 0
   */
  readonly id?: string;
  /** Name of the tool called. */
  readonly name: string;
  /** The arguments: an object is serialised as JSON, a string is sent as it is. */
  readonly arguments: unknown;
}

/**
 * One scripted reply of the model.
 * @public
 */
export interface ScriptedModelReply {
  /**
   * The reply's text.
   * @defaultValue `''`
   */
  readonly text?: string;
  /** Tools the model calls in this reply. */
  readonly toolCalls?: readonly ScriptedModelToolCall[];
  /**
   * Why the model stopped.
   * @defaultValue `tool_calls` when the reply calls tools, else `stop`
   */
  readonly finishReason?: ModelFinishReason;
  /** Token counts to report. */
  readonly usage?: ModelUsage;
}

/**
 * What the scripted provider was sent in one call: the messages and options, without the signal and callback.
 * @public
 */
export interface ScriptedModelRequest {
  /** Which method was called. */
  readonly method: 'generate' | 'stream';
  /** The messages, as sent. */
  readonly messages: readonly ChatMessage[];
  /** The options, without `signal` and `onToken`. */
  readonly options: Omit<GenerateOptions, 'signal' | 'onToken'>;
}

/**
 * One step of the script: a reply, or a function of the request that returns one (or throws, to fail that call).
 * @public
 */
export type ScriptedModelStep = ScriptedModelReply | ((request: ScriptedModelRequest) => ScriptedModelReply);

/**
 * Options of {@link createScriptedModelProvider}.
 * @public
 */
export interface CreateScriptedModelProviderOptions {
  /** The replies, one per `generate` or `stream` call, in order. */
  readonly script: readonly ScriptedModelStep[];
  /**
   * The provider's name.
   * @defaultValue `scripted`
   */
  readonly name?: string;
  /**
   * The model it declares and answers as, unless a call asks for another.
   * @defaultValue `scripted-model`
   */
  readonly model?: string;
  /**
   * Declared tool calling, structured output and streaming (all default to `true`); a provider
   * declaring `streaming: false` has no `stream` method.
   */
  readonly tools?: boolean;
  /** See `tools`. */
  readonly structuredOutput?: boolean;
  /** See `tools`. */
  readonly streaming?: boolean;
  /** Declared context length, in tokens. */
  readonly contextLength?: number;
  /**
   * Declared locality.
   * @defaultValue `local`
   */
  readonly locality?: 'local' | 'remote';
  /**
   * Declared relative cost.
   * @defaultValue `0`
   */
  readonly relativeCost?: number;
  /** Declared prices per 1,000 tokens. */
  readonly prices?: ModelTokenPrices;
  /**
   * Characters per streamed piece of text or arguments (and per `onToken` call).
   * @defaultValue `4`
   */
  readonly chunkSize?: number;
}

/**
 * A model provider answering from a script, recording every request.
 * @public
 */
export interface ScriptedModelProvider extends ModelProvider {
  /** Every call's messages and options, in call order. */
  readonly requests: readonly ScriptedModelRequest[];
  /** Steps not used yet. */
  readonly remaining: number;
  /** Answers with the next step of the script. */
  generate(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<GenerateResult>;
}

function invalidArgument(argument: string, expected: string, value: unknown): KernelError {
  return KernelError.create('TESTING_ARGUMENT_INVALID', { argument, expected, value: String(value) }, { details: { argument } });
}

/** Splits text in pieces of `size` characters; empty text is one empty piece, so a call's first delta always exists. */
function piecesOf(text: string, size: number): string[] {
  if (text === '') return [''];
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw signal.reason;
}

class ScriptedModel implements ScriptedModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  readonly #script: readonly ScriptedModelStep[];
  readonly #model: string;
  readonly #chunkSize: number;
  readonly #requests: ScriptedModelRequest[] = [];

  constructor(options: CreateScriptedModelProviderOptions) {
    if (!Array.isArray(options.script)) throw invalidArgument('script', 'an array of replies', options.script);
    const chunkSize = options.chunkSize ?? 4;
    if (!Number.isInteger(chunkSize) || chunkSize < 1)
      throw invalidArgument('chunkSize', 'a whole number of characters, 1 or more', chunkSize);
    this.name = options.name ?? 'scripted';
    this.#script = [...options.script];
    this.#model = options.model ?? 'scripted-model';
    this.#chunkSize = chunkSize;
    this.capabilities = {
      operations: ['generate'],
      generationModels: [this.#model],
      locality: options.locality ?? 'local',
      relativeCost: options.relativeCost ?? 0,
      tools: options.tools ?? true,
      structuredOutput: options.structuredOutput ?? true,
      streaming: options.streaming ?? true,
      ...(options.contextLength === undefined ? {} : { contextLength: options.contextLength }),
      ...(options.prices === undefined ? {} : { prices: options.prices }),
    };
    // A provider without streaming must not have the method: the router checks for it.
    if (this.capabilities.streaming !== true) Object.defineProperty(this, 'stream', { value: undefined });
  }

  get requests(): readonly ScriptedModelRequest[] {
    return this.#requests;
  }

  get remaining(): number {
    return this.#script.length - this.#requests.length;
  }

  async health(): Promise<ModelProviderHealth> {
    return { available: true, details: { remaining: this.remaining } };
  }

  async generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    throwIfAborted(options.signal);
    const { reply, toolCalls } = this.#next('generate', messages, options);
    const text = reply.text ?? '';
    if (options.onToken !== undefined && text !== '') for (const piece of piecesOf(text, this.#chunkSize)) options.onToken(piece);
    return {
      model: options.model ?? this.#model,
      text,
      finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(reply.usage === undefined ? {} : { usage: reply.usage }),
    };
  }

  async *stream(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<ModelStreamPart, void, undefined> {
    throwIfAborted(options.signal);
    const { reply, toolCalls } = this.#next('stream', messages, options);
    const text = reply.text ?? '';
    if (text !== '') {
      for (const piece of piecesOf(text, this.#chunkSize)) {
        throwIfAborted(options.signal);
        yield { type: 'text-delta', text: piece };
      }
    }
    for (const [index, call] of toolCalls.entries()) {
      for (const [n, piece] of piecesOf(call.arguments, this.#chunkSize).entries()) {
        throwIfAborted(options.signal);
        yield n === 0
          ? { type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: piece }
          : { type: 'tool-call-delta', index, argumentsDelta: piece };
      }
    }
    const finishReason = reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
    yield reply.usage === undefined ? { type: 'finish', finishReason } : { type: 'finish', finishReason, usage: reply.usage };
  }

  /** Records the request and takes the next step of the script. */
  #next(
    method: ScriptedModelRequest['method'],
    messages: readonly ChatMessage[],
    options: GenerateOptions,
  ): { reply: ScriptedModelReply; toolCalls: ModelToolCall[] } {
    const { signal: _signal, onToken: _onToken, ...sent } = options;
    const request: ScriptedModelRequest = { method, messages: [...messages], options: sent };
    const step = this.#requests.length;
    this.#requests.push(request);
    const scripted = this.#script[step];
    if (scripted === undefined) {
      throw KernelError.create(
        'TESTING_SCRIPT_EXHAUSTED',
        { name: this.name, calls: step + 1, steps: this.#script.length },
        { details: { name: this.name, calls: step + 1, steps: this.#script.length, lastMessage: messages.at(-1)?.content } },
      );
    }
    const reply = typeof scripted === 'function' ? scripted(request) : scripted;
    const toolCalls = (reply.toolCalls ?? []).map(
      (call, index): ModelToolCall => ({
        id: call.id ?? `call_${step}_${index}`,
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
      }),
    );
    return { reply, toolCalls };
  }
}

/**
 * Creates a test double of a model provider: it answers each `generate` or `stream` call with the
 * next step of its script and records what it was sent. No model runs; every answer is the
 * script's, split into stream parts the same way every time.
 *
 * @remarks
 * Streams send the text in `chunkSize` pieces, then each tool call (id and name on its first
 * piece, arguments in `chunkSize` pieces), then `finish`. `onToken` of `generate` receives the
 * same text pieces. A call past the end of the script fails; nothing is invented.
 * @throws {@link @cortex-os/kernel#KernelError} `TESTING_ARGUMENT_INVALID` for a script that is not
 * an array or a bad `chunkSize`; a call past the script's end throws `TESTING_SCRIPT_EXHAUSTED`.
 * @example
 * ```ts
 * const model = createScriptedModelProvider({
 *   script: [{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny in Oslo.' }],
 * });
 * ```
 * @public
 */
export function createScriptedModelProvider(options: CreateScriptedModelProviderOptions): ScriptedModelProvider {
  return new ScriptedModel(options);
}
