import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code this package raises, with what it means and how to solve it: the codes of
 * the OpenAI-compatible client (`createOpenAiCompatibleClient`), which the providers built on it
 * (`@cortex-os/plugin-openai`, `@cortex-os/plugin-mlx` in server mode) raise too.
 *
 * Provider calls throw the kernel's `PROVIDER_UNAVAILABLE` / `PROVIDER_REQUEST_FAILED`
 * (which the router understands) and carry one of these as `cause` when the client knows more.
 * The rest of this package raises kernel codes only. Codes are `AREA_WHAT`, stable once
 * released and never reused. Retired codes: none yet.
 *
 * @example
 * ```ts
 * console.log(openAiErrorCatalogue.OPENAI_TIMEOUT.solution);
 * ```
 * @public
 */
export const openAiErrorCatalogue = defineErrorCatalogue('OPENAI', {
  OPENAI_OPTIONS_INVALID: {
    kind: 'internal',
    message: '{option} must be {expected} (got {value}).',
    description: 'A provider option is invalid (base URL not http(s), embedding dimensions not a positive integer, timeouts not positive).',
    solution: 'Fix the option named in the message.',
  },
  OPENAI_RESPONSE_INVALID: {
    kind: 'upstream-failed',
    message: '{request} answered a body that is not the OpenAI wire format: {reason}',
    description:
      'The endpoint answered 2xx with a body that is not the OpenAI wire format (bad JSON, missing fields, wrong vector size, an event-stream line over the size limit).',
    solution:
      'Check that the base URL points at an OpenAI-compatible API (it usually ends in `/v1`) and that the configured dimensions match the model.',
  },
  OPENAI_STREAM_TRUNCATED: {
    kind: 'upstream-failed',
    message: 'The stream from {request} ended before [DONE] or a finish reason.',
    description: 'A streamed chat completion ended before `[DONE]` or a finish reason.',
    solution:
      'Transient: the server or a proxy closed the connection; the router retries. Persistent truncation points at a proxy buffering limit.',
  },
  OPENAI_TIMEOUT: {
    kind: 'upstream-timeout',
    message: '{request} did not answer within {timeoutMs} ms.',
    description: 'A request took longer than `timeoutMs`, or a stream sent nothing for `streamIdleTimeoutMs`.',
    solution: 'Raise the timeout for slow local models, or find out why the server stalls.',
  },
});

/**
 * Closed union of every error code of this package.
 * @public
 */
export type OpenAiErrorCode = keyof typeof openAiErrorCatalogue;
