// Ollama's `/api/chat` wire format, as its server types it (`api/types.go`: `ChatRequest`,
// `Message`, `ToolCall`, `Tool`, `ChatResponse`). Keep in sync with the wire fake in
// `test/wire/ollamaWireFake.ts`, which checks requests against the same documented shape.

/** A tool call as Ollama sends it and takes it back in history: arguments are an object, not JSON text. */
export interface OllamaWireToolCall {
  /** Set by Ollama 0.12 and later (`call_…`); older servers send none. */
  readonly id?: string;
  readonly function: {
    /** Position of the call in the reply. */
    readonly index?: number;
    readonly name: string;
    readonly arguments: Readonly<Record<string, unknown>>;
  };
}

/** One chat message of an `/api/chat` request. */
export interface OllamaWireMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  /** The tool calls of an earlier assistant reply. */
  readonly tool_calls?: readonly OllamaWireToolCall[];
  /** On a `tool` message: the tool whose result this is (what the chat templates render). */
  readonly tool_name?: string;
  /** On a `tool` message: the id of the call it answers (newer servers and templates). */
  readonly tool_call_id?: string;
}

/** A tool offered to the model. */
export interface OllamaWireTool {
  readonly type: 'function';
  readonly function: {
    readonly name: string;
    readonly description: string;
    /** A JSON Schema object, cleaned for Ollama (see `toOllamaSchema`). */
    readonly parameters: Readonly<Record<string, unknown>>;
  };
}

/** The body of `POST /api/chat`. */
export interface OllamaChatRequestBody {
  readonly model: string;
  readonly messages: readonly OllamaWireMessage[];
  readonly stream: boolean;
  readonly tools?: readonly OllamaWireTool[];
  /** A JSON Schema the reply must match (structured output). */
  readonly format?: Readonly<Record<string, unknown>>;
  readonly options?: Readonly<Record<string, number>>;
  readonly keep_alive?: string;
}

/** One NDJSON line of an `/api/chat` answer (or the whole answer when not streamed), unchecked. */
export interface OllamaChatLine {
  readonly model?: unknown;
  readonly message?: { readonly content?: unknown; readonly tool_calls?: unknown };
  readonly done?: unknown;
  readonly done_reason?: unknown;
  readonly prompt_eval_count?: unknown;
  readonly eval_count?: unknown;
  readonly error?: unknown;
}
