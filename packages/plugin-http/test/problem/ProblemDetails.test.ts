import { KernelError } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../../src/problem/ProblemDetails.js';

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

  it('maps foreign codes by explicit table, then by suffix', () => {
    const notFound = Object.assign(new KernelError('TOOL_UNKNOWN', 'x'), {});
    expect(toProblem(notFound, 'r', undefined).status).toBe(404);
    const foreign = new KernelError('TOOL_UNKNOWN', 'x');
    Object.defineProperty(foreign, 'code', { value: 'MEMORY_NOT_FOUND' });
    expect(toProblem(foreign, 'r', undefined).status).toBe(404);
    expect(toProblem(foreign, 'r', undefined, new Map([['MEMORY_NOT_FOUND', 410]])).status).toBe(410);
  });
});
