import { a2aRpcErrorToError } from '@cortex-os/plugin-a2a';
import { describe, expect, it } from 'vitest';

describe('a2aRpcErrorToError', () => {
  it.each([
    [-32001, 'A2A_TASK_NOT_FOUND', 'not-found'],
    [-32002, 'A2A_TASK_NOT_CANCELABLE', 'conflict'],
    [-32003, 'A2A_OPERATION_UNSUPPORTED', 'upstream-failed'],
    [-32004, 'A2A_OPERATION_UNSUPPORTED', 'upstream-failed'],
    [-32005, 'A2A_OPERATION_UNSUPPORTED', 'upstream-failed'],
    [-32603, 'A2A_REMOTE_FAILED', 'upstream-failed'],
  ])('maps %i to %s', (code, expected, kind) => {
    const error = a2aRpcErrorToError('weather', { code, message: 'nope' }, 't-1');
    expect(error.code).toBe(expected);
    expect(error.kind).toBe(kind);
    expect(error.details).toEqual({ rpcCode: code });
  });

  it('names the task and redacts the remote message', () => {
    expect(a2aRpcErrorToError('weather', { code: -32001, message: '' }, 't-9').message).toBe('Remote agent "weather" knows no task "t-9".');
    const error = a2aRpcErrorToError('weather', { code: -32603, message: 'ENOENT /srv/agent/secret/db.sqlite' });
    expect(error.message).not.toContain('/srv/agent');
  });
});
