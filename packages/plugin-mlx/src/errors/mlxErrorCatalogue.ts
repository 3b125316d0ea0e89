import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code this package raises, with what it means and how to solve it.
 *
 * Provider calls throw the kernel's `PROVIDER_UNAVAILABLE` / `PROVIDER_REQUEST_FAILED`
 * (which the router understands) with one of these as `cause`; the bridge throws them directly.
 * Codes are `AREA_WHAT`, stable once released and never reused. Retired codes: none yet.
 * @public
 */
export const mlxErrorCatalogue = defineErrorCatalogue('MLX', {
  MLX_OPTIONS_INVALID: {
    kind: 'internal',
    message: '{option} must be {expected} (got {value}).',
    description: 'A provider or bridge option is invalid (limits and timeouts must be positive, one of worker or server mode).',
    solution: 'Fix the option named in the message.',
  },
  MLX_PLATFORM_UNSUPPORTED: {
    kind: 'unavailable',
    message: 'MLX runs on Apple silicon only; this host is {platform}/{arch}.',
    description: 'MLX runs on Apple silicon only (macOS arm64); this host is something else.',
    solution: 'Use another provider on this host (the router falls back), or point `serverUrl` at an `mlx_lm.server` running on a Mac.',
  },
  MLX_PYTHON_NOT_FOUND: {
    kind: 'unavailable',
    message: 'Python interpreter "{python}" not found.',
    description: 'The Python interpreter could not be started.',
    solution: "Install Python 3.10+ or set `python` to the interpreter path (e.g. a virtualenv's `bin/python`).",
  },
  MLX_MODULE_MISSING: {
    kind: 'unavailable',
    message: 'The MLX worker cannot import {module}.',
    description: 'The worker started but a Python module it needs (`mlx`, `mlx_lm`, `mlx_embeddings`) is not importable.',
    solution: 'Install it into the interpreter the provider uses: `python -m pip install mlx mlx-lm mlx-embeddings`.',
  },
  MLX_WORKER_CRASHED: {
    kind: 'upstream-failed',
    message: 'The MLX worker exited ({reason}) with {pending} requests in flight.',
    description: 'The Python worker exited while requests were in flight (native crash, out of memory, killed).',
    solution:
      'Transient for the router; the next request starts a new worker after a backoff. Read the worker stderr in the logs if it repeats.',
  },
  MLX_WORKER_TIMEOUT: {
    kind: 'upstream-timeout',
    message: 'The MLX worker did not answer "{op}" within {timeoutMs} ms; the request was cancelled.',
    description: 'The worker did not start, or did not answer a request, within its time limit; the request was cancelled in the worker.',
    solution: 'Raise `requestTimeoutMs` / `startTimeoutMs` (first use downloads and loads the model), or use a smaller model.',
  },
  MLX_WORKER_CLOSED: {
    kind: 'unavailable',
    message: 'The MLX worker bridge is closed.',
    description: 'A request was made after `close()`, or was in flight when the bridge closed.',
    solution: 'Do not use the provider after the runtime stopped.',
  },
  MLX_LINE_TOO_LONG: {
    kind: 'payload-too-large',
    message: 'A protocol line of {bytes} bytes is over the {limit}-byte limit.',
    description: 'A protocol line (request or response) is longer than `maxLineBytes`; it was not sent or was discarded.',
    solution: 'Send smaller batches or shorter inputs, or raise `maxLineBytes`.',
  },
  MLX_PROTOCOL_ERROR: {
    kind: 'upstream-failed',
    message: 'The MLX worker wrote a line that is not a protocol message: {reason}',
    description: 'The worker wrote a line that is not a protocol message (bad JSON or unknown shape), or rejected a request as malformed.',
    solution: 'Make sure `script` points at the worker shipped with this package version; report a bug if it does.',
  },
  MLX_REQUEST_FAILED: {
    kind: 'upstream-failed',
    message: 'The MLX worker failed "{op}": {reason}',
    description: 'The worker ran the request and the MLX code raised (model not found, out of memory, bad input).',
    solution: 'Read the message; check the model id and that the model fits in memory.',
  },
});

/**
 * Closed union of every error code of this package.
 * @public
 */
export type MlxErrorCode = keyof typeof mlxErrorCatalogue;
