import { createJsonDepthScanner, DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth } from '@cortex-os/http-api/security';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

describe('exceedsJsonDepth', () => {
  it('accepts up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(JSON.stringify(nested(DEFAULT_MAX_JSON_DEPTH)))).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify(nested(DEFAULT_MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(exceedsJsonDepth(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ a: '[[[[{{{{', b: '\\"[[[[' }), 2)).toBe(false);
    expect(exceedsJsonDepth('{"a":"\\"","b":[[1]]}', 2)).toBe(true);
  });

  it('agrees with the real nesting depth of any JSON value', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        expect(exceedsJsonDepth(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
      }),
    );
  });
});

describe('createJsonDepthScanner', () => {
  it('gives the same answer fed in slices, a string or escape split between them', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 6 }), (value, size, limit) => {
        const text = JSON.stringify(value);
        const scanner = createJsonDepthScanner(limit);
        let exceeded = false;
        for (let at = 0; at < text.length && !exceeded; at += size) exceeded = scanner.scan(text, at, Math.min(text.length, at + size));
        expect(exceeded).toBe(exceedsJsonDepth(text, limit));
      }),
    );
  });
});
