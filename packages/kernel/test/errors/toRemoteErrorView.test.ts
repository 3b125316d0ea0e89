import { describe, expect, it } from 'vitest';
import {
  CortexError,
  KernelError,
  errorKinds,
  httpErrorTreatment,
  isErrorKind,
  kernelErrorCatalogue,
  mcpErrorTreatment,
  remoteErrorExposure,
  toRemoteErrorView,
} from '@cortex-os/kernel';

const poison =
  'cannot open /home/x/secret.db: SQLITE_ERROR: near "x": syntax error\n    at Object.<anonymous> (/srv/app/dist/store.js:12:7)';

describe('the kind tables', () => {
  it('have one row per kind, and HTTP statuses in the error range', () => {
    for (const table of [httpErrorTreatment, mcpErrorTreatment, remoteErrorExposure]) expect(Object.keys(table)).toEqual([...errorKinds]);
    for (const { status } of Object.values(httpErrorTreatment)) expect(status).toBeGreaterThanOrEqual(400);
    expect(
      Object.entries(httpErrorTreatment)
        .filter(([, t]) => t.retryAfter)
        .map(([k]) => k),
    ).toEqual(['rate-limited', 'unavailable']);
    expect(isErrorKind('internal')).toBe(true);
    expect(isErrorKind('teapot')).toBe(false);
  });

  it('give transport statuses only to the kinds a transport refuses by itself', () => {
    const refused = Object.entries(mcpErrorTreatment).filter(([, t]) => t.transportStatus !== undefined);
    expect(refused.map(([kind, t]) => [kind, t.transportStatus])).toEqual([
      ['unauthenticated', 401],
      ['forbidden', 403],
      ['payload-too-large', 413],
      ['unsupported-media-type', 415],
      ['rate-limited', 429],
    ]);
    for (const [kind, t] of refused) expect(t.transportStatus).toBe(httpErrorTreatment[kind as keyof typeof httpErrorTreatment].status);
  });
});

describe('toRemoteErrorView', () => {
  it('shows an invalid-input message with paths, stack frames removed and its field issues', () => {
    const error = new KernelError('TOOL_INPUT_INVALID', 'Invalid input for tool "t": file /etc/app/conf.json is bad', {
      details: { issues: [{ path: 'file', message: 'not in /var/lib/app/x', code: 'custom' }, 'junk'] },
    });
    expect(toRemoteErrorView(error)).toEqual({
      code: 'TOOL_INPUT_INVALID',
      kind: 'invalid-input',
      title: kernelErrorCatalogue.TOOL_INPUT_INVALID.description,
      text: 'Invalid input for tool "t": file <path> is bad',
      issues: [{ path: 'file', message: 'not in <path>', code: 'custom' }],
    });
  });

  it('shows the description instead of a message made of raw database text', () => {
    const view = toRemoteErrorView(new KernelError('TOOL_UNKNOWN', poison));
    expect(view.text).toBe(kernelErrorCatalogue.TOOL_UNKNOWN.description);
  });

  it('shows only the description of server-side failures', () => {
    const view = toRemoteErrorView(new KernelError('TOOL_EXECUTION_FAILED', poison, { cause: new Error(poison) }));
    expect(view).toEqual({
      code: 'TOOL_EXECUTION_FAILED',
      kind: 'internal',
      title: kernelErrorCatalogue.TOOL_EXECUTION_FAILED.description,
      text: kernelErrorCatalogue.TOOL_EXECUTION_FAILED.description,
    });
  });

  it('shows nothing of a cancellation, and a fixed text where the kind says so', () => {
    expect(toRemoteErrorView(new KernelError('TOOL_ABORTED', poison)).text).toBeUndefined();
    const unauthenticated = new (class extends CortexError {
      static override readonly catalogue = {
        X_NO: { kind: 'unauthenticated', message: 'm', description: 'd', solution: 's' },
      } as const;
    })('X_NO', poison);
    expect(toRemoteErrorView(unauthenticated).text).toBe((remoteErrorExposure.unauthenticated as { text: string }).text);
  });

  it('gives Retry-After seconds only for kinds that send it, rounding up', () => {
    expect(toRemoteErrorView(new KernelError('RESILIENCE_CIRCUIT_OPEN', 'open', { retryAfterMs: 1200 })).retryAfterSeconds).toBe(2);
    expect(toRemoteErrorView(new KernelError('RESILIENCE_CIRCUIT_OPEN', 'open')).retryAfterSeconds).toBeUndefined();
    expect(toRemoteErrorView(new KernelError('RESILIENCE_CIRCUIT_OPEN', 'open', { retryAfterMs: -1 })).retryAfterSeconds).toBeUndefined();
    expect(toRemoteErrorView(new KernelError('TOOL_EXECUTION_FAILED', 'x', { retryAfterMs: 1000 })).retryAfterSeconds).toBeUndefined();
  });

  it('treats an error of unknown kind or code (another kernel copy, a bare CortexError) as internal', () => {
    const foreign = Object.assign(new CortexError('OLD_CODE', poison), { kind: 'teapot' });
    expect(toRemoteErrorView(foreign)).toEqual({
      code: 'OLD_CODE',
      kind: 'internal',
      title: 'The request could not be completed.',
      text: 'The request could not be completed.',
    });
  });
});
