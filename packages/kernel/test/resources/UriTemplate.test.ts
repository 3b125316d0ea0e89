import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CortexError, parseUriTemplate } from '@cortex-os/kernel';

describe('parseUriTemplate', () => {
  it('matches and extracts variables', () => {
    const t = parseUriTemplate('test://template/{id}/data');
    expect(t.variables).toEqual(['id']);
    expect(t.match('test://template/123/data')).toEqual({ id: '123' });
    expect(t.match('test://template/1/2/data')).toBeUndefined();
    expect(t.match('test://template/123/datax')).toBeUndefined();
  });

  it('lets {+name} span slashes and keeps its value undecoded', () => {
    expect(parseUriTemplate('file://{+path}').match('file://a/b/c%20d.txt')).toEqual({ path: 'a/b/c%20d.txt' });
  });

  it('rejects repeated and malformed expressions with RESOURCE_DEFINITION_INVALID', () => {
    expect(() => parseUriTemplate('x://{a}/{a}')).toThrow('URI template "x://{a}/{a}" repeats the variable "a".');
    expect(() => parseUriTemplate('x://{a')).toThrow('URI template "x://{a" has a malformed expression: use {name} or {+name}.');
    let thrown: unknown;
    try {
      parseUriTemplate('x://{a-b}');
    } catch (e) {
      thrown = e;
    }
    expect(CortexError.is(thrown, 'RESOURCE_DEFINITION_INVALID')).toBe(true);
  });

  it('round-trips: match(expand(values)) gives the values back', () => {
    const t = parseUriTemplate('notes://{folder}/{id}');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (folder, id) => {
        expect(t.match(t.expand({ folder, id }))).toEqual({ folder, id });
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
