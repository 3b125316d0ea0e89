import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code this package raises, with what it means and how to solve it.
 *
 * Provider calls throw the kernel's `PROVIDER_UNAVAILABLE` / `PROVIDER_REQUEST_FAILED`
 * (which the router understands) and carry one of these as `cause` when the package knows more.
 * Codes are `AREA_WHAT`, stable once released and never reused. Retired codes: none yet.
 * @public
 */
export const ollamaErrorCatalogue = defineErrorCatalogue('OLLAMA', {
  OLLAMA_OPTIONS_INVALID: {
    kind: 'internal',
    message: '{option} must be {expected} (got {value}).',
    description: 'A provider option is invalid (base URL not http(s), dimensions not a positive integer, timeouts not positive).',
    solution: 'Fix the option named in the message.',
  },
  OLLAMA_RESPONSE_INVALID: {
    kind: 'upstream-failed',
    message: '{request} answered a body that is not the Ollama wire format: {reason}',
    description:
      'Ollama answered 2xx with a body that is not its wire format (bad JSON or NDJSON line, missing fields, wrong vector size, line over the size limit).',
    solution:
      'Check that the base URL points at Ollama (e.g. `http://127.0.0.1:11434`, no `/api` suffix) and that `embedding.dimensions` matches the model.',
  },
  OLLAMA_STREAM_TRUNCATED: {
    kind: 'upstream-failed',
    message: 'The stream from {request} ended before "done": true.',
    description: 'A streamed chat ended before the line with `"done": true`.',
    solution:
      'Transient: Ollama or a proxy closed the connection (often the model runner crashed); the router retries. Check `ollama serve` logs if it persists.',
  },
  OLLAMA_STREAM_ERROR: {
    kind: 'upstream-failed',
    message: '{request} reported an error mid-stream: {error}',
    description:
      'Ollama answered 200, then sent an `{"error": "…"}` line instead of the rest of the reply (the model runner failed while generating).',
    solution: 'Read the error Ollama sent; out-of-memory and runner crashes are often transient. Check `ollama serve` logs if it persists.',
  },
  OLLAMA_TOOL_CHOICE_UNMET: {
    kind: 'upstream-failed',
    message: 'The model answered without calling {expected}, which toolChoice {toolChoice} requires.',
    description:
      'Ollama has no `tool_choice`: the provider emulates `required` and a named tool, and the model answered without the tool call they require (Ollama offered only the named tool).',
    solution:
      'Use a model with tool support (`ollama show <model>` lists `tools` under capabilities), say in the prompt which tool to call, or choose `auto` and handle a text answer.',
  },
  OLLAMA_REQUEST_INVALID: {
    kind: 'invalid-input',
    message: 'The generate request cannot be sent to Ollama: {reason}.',
    description: 'A generate call asks for something the request cannot express, such as a `toolChoice` naming a tool that is not offered.',
    solution:
      'Offer the tool named in `toolChoice`, or choose `auto`, `none` or `required` (the router refuses such requests before any provider is called).',
  },
  OLLAMA_TIMEOUT: {
    kind: 'upstream-timeout',
    message: '{request} did not answer within {timeoutMs} ms.',
    description:
      'A request took longer than `timeoutMs`, or a stream sent nothing for `streamIdleTimeoutMs` (loading a large model can take a while).',
    solution: 'Raise the timeouts, or pre-load the model (`ollama run <model> ""`).',
  },
});

/**
 * Closed union of every error code of this package.
 * @public
 */
export type OllamaErrorCode = keyof typeof ollamaErrorCatalogue;
