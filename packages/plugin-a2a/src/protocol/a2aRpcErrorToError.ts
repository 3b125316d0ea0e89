import { redactRemoteText } from '@cortex-os/kernel';
import { A2aError } from '../errors/A2aError.js';

/**
 * A JSON-RPC 2.0 error object as an A2A agent answers it.
 * @public
 */
export interface A2aRpcError {
  /** The JSON-RPC code: -32700…-32600 for JSON-RPC itself, -32001… for A2A. */
  readonly code: number;
  /** The remote agent's message; redacted before it reaches an error message. */
  readonly message: string;
}

const unsupported: Readonly<Record<number, string>> = {
  [-32003]: 'push notifications',
  [-32004]: 'this operation',
  [-32005]: 'this content type',
  [-32006]: 'a valid response for this request',
  [-32007]: 'an authenticated extended card',
  [-32008]: 'a required extension',
  [-32009]: 'this A2A version',
};

/**
 * Maps a remote agent's JSON-RPC error to a typed {@link A2aError}: −32001 → `A2A_TASK_NOT_FOUND`,
 * −32002 → `A2A_TASK_NOT_CANCELABLE`, −32003…−32009 → `A2A_OPERATION_UNSUPPORTED`, anything else
 * → `A2A_REMOTE_FAILED`.
 *
 * @remarks
 * The remote message is redacted: a remote agent's text may carry its paths or raw database
 * messages, which must not reach this runtime's callers.
 * @param agent - the remote agent's name
 * @param error - the JSON-RPC error it answered
 * @param task - the task the request was about, when there was one
 * @public
 */
export function a2aRpcErrorToError(agent: string, error: A2aRpcError, task = ''): A2aError {
  const details = { rpcCode: error.code };
  if (error.code === -32001) return A2aError.create('A2A_TASK_NOT_FOUND', { agent, task }, { details });
  if (error.code === -32002) return A2aError.create('A2A_TASK_NOT_CANCELABLE', { agent, task }, { details });
  const operation = unsupported[error.code];
  if (operation !== undefined) return A2aError.create('A2A_OPERATION_UNSUPPORTED', { agent, operation }, { details });
  return A2aError.create('A2A_REMOTE_FAILED', { agent, reason: `${redactRemoteText(error.message)} (${error.code})` }, { details });
}
