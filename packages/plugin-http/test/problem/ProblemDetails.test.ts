import { CortexError, KernelError, defineErrorCatalogue, kernelErrorCatalogue } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';
import { toProblem, toProblemAnswer } from '../../src/problem/ProblemDetails.js';

describe('toProblem', () => {
  it('keeps 4xx messages and field errors, and hides 5xx causes', () => {
    const invalid = new KernelError('TOOL_INPUT_INVALID', 'Invalid input for tool "t": a: expected number.', {
      details: { tool: 't', issues: [{ path: 'a', message: 'expected number', code: 'invalid_type' }] },
    });
    expect(toProblem(invalid, 'r1', '/tools/t')).toEqual({
      type: 'urn:cortex-os:problem:TOOL_INPUT_INVALID',
      title: "A tool call's input failed the tool's input contract.",
      status: 400,
      code: 'TOOL_INPUT_INVALID',
      detail: 'Invalid input for tool "t": a: expected number.',
      instance: '/tools/t',
      requestId: 'r1',
      errors: [{ path: 'a', message: 'expected number', location: 'input', code: 'invalid_type' }],
    });
    const hidden = toProblem(new Error('password=hunter2'), 'r2', undefined);
    expect(hidden).toMatchObject({ status: 500, code: 'HTTP_INTERNAL_ERROR' });
    expect(JSON.stringify(hidden)).not.toContain('hunter2');
  });

  it("takes the status from the kind of any package's code, never from the code itself", () => {
    const memoryLike = new (class extends CortexError {
      static override readonly catalogue = defineErrorCatalogue('MEMORYLIKE', {
        MEMORYLIKE_NOT_FOUND: { kind: 'conflict', message: 'm', description: 'A conflict, whatever the name says.', solution: 's' },
      });
    })('MEMORYLIKE_NOT_FOUND', 'no memory m1.');
    expect(toProblem(memoryLike, 'r', undefined)).toMatchObject({
      status: 409,
      title: 'A conflict, whatever the name says.',
      detail: 'no memory m1.',
    });
    expect(toProblem(new CortexError('SOMETHING_NOT_FOUND', 'x'), 'r', undefined)).toMatchObject({ status: 500 });
  });

  it('sends Retry-After seconds for an unavailable error that knows them, and nothing of a cancelled call', () => {
    const answer = toProblemAnswer(new KernelError('RESILIENCE_CIRCUIT_OPEN', 'open', { retryAfterMs: 2500 }), 'r', undefined);
    expect(answer).toMatchObject({ status: 503, retryAfterSeconds: 3 });
    expect(answer.problem.detail).toBe(`${kernelErrorCatalogue.RESILIENCE_CIRCUIT_OPEN.description} Request id: r.`);
    const cancelled = toProblemAnswer(new KernelError('TOOL_ABORTED', 'Tool "t" was cancelled: /srv/x/y.'), 'r', undefined);
    expect(cancelled.status).toBe(499);
    expect(cancelled.problem.detail).toBeUndefined();
    expect(JSON.stringify(cancelled)).not.toContain('/srv');
  });
});
