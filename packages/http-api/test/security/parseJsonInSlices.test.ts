import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonBodyInSlices, parseJsonInSlices } from '@cortex-os/http-api/security';

/** The outcome of a parse: its value as canonical text (key order included), or the error message. */
async function outcome(parse: () => unknown): Promise<{ ok: true; json: string; keys: string } | { ok: false; message: string }> {
  try {
    const value = await parse();
    return { ok: true, json: JSON.stringify(value), keys: JSON.stringify(value, (_k, v) => (isObject(v) ? Object.keys(v) : v)) };
  } catch (error) {
    return { ok: false, message: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sliced(text: string, sliceChars: number, checkMember?: (key: string, value: unknown) => unknown) {
  let yields = 0;
  const parse = () => parseJsonInSlices(text, { sliceChars, yieldToLoop: async () => void (yields += 1), checkMember });
  return { parse, yields: () => yields };
}

const json = fc.jsonValue({ maxDepth: 6 });

describe('parsing JSON in slices (issue 14 §2: a large body does not block the loop)', () => {
  it('gives exactly what JSON.parse gives, key order included, for any JSON in any layout and slice size', async () => {
    await fc.assert(
      fc.asyncProperty(
        json,
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(undefined, 0, 1, 2, '\t'),
        async (value, sliceChars, space) => {
          const text = JSON.stringify(value, null, space);
          const expected = await outcome(() => JSON.parse(text));
          expect(await outcome(sliced(text, sliceChars).parse)).toEqual(expected);
        },
      ),
      { seed: 1401, numRuns: 300 },
    );
  });

  it('throws the same error as JSON.parse for text that is not JSON (mutated JSON)', async () => {
    const mutated = fc
      .tuple(json, fc.nat(), fc.constantFrom('', ',', ']', '}', '[', '{', '"', ':', ' ', 'x', '\\'))
      .map(([value, at, insert]) => {
        const text = JSON.stringify(value, null, 1);
        const i = at % (text.length + 1);
        // Insert, or replace one character when the insertion is empty.
        return insert === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + insert + text.slice(i);
      });
    await fc.assert(
      fc.asyncProperty(mutated, fc.integer({ min: 1, max: 24 }), async (text, sliceChars) => {
        expect(await outcome(sliced(text, sliceChars).parse)).toEqual(await outcome(() => JSON.parse(text)));
      }),
      { seed: 1402, numRuns: 500 },
    );
  });

  it('lets the loop run between slices of a large array and object, and does not yield for a small one', async () => {
    const big = JSON.stringify({ items: Array.from({ length: 5000 }, (_, id) => ({ id, text: 'x'.repeat(30) })), more: [1, 2] });
    const large = sliced(big, 4096);
    expect(await large.parse()).toEqual(JSON.parse(big));
    // About one yield per slice of work (scanning and parsing): many, not one.
    expect(large.yields()).toBeGreaterThan(big.length / 4096);
    const small = sliced('[1,2,3]', 4096);
    expect(await small.parse()).toEqual([1, 2, 3]);
    expect(small.yields()).toBe(0);
  });

  it('makes __proto__ an own data property as JSON.parse does, and lets a member check refuse it', async () => {
    const text = JSON.stringify([{ a: 1 }, 'y'.repeat(50)]).replace('{"a":1}', '{"__proto__":{"polluted":true},"a":1}');
    const parsed = (await sliced(`{"x":${text},"z":${text}}`, 8).parse()) as Record<string, Array<Record<string, unknown>>>;
    const first = parsed['x']?.[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    expect(Object.hasOwn(first, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const refuse = (key: string, value: unknown): unknown => {
      if (key === '__proto__') throw new SyntaxError(`forbidden key "${key}"`);
      return value;
    };
    await expect(sliced(`{"x":${text}}`, 8, refuse).parse()).rejects.toThrow('forbidden key "__proto__"');
    // A top-level member split out of the groups is checked too.
    const member = `{"__proto__":${JSON.stringify('z'.repeat(40))},"b":1}`;
    await expect(sliced(member, 8, refuse).parse()).rejects.toThrow('forbidden key "__proto__"');
  });

  it('parses single-element nesting deeper than it splits, correctly', async () => {
    const value = JSON.parse(`${'['.repeat(12)}${JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ i })))}${']'.repeat(12)}`);
    const text = JSON.stringify(value);
    expect(await sliced(text, 16).parse()).toEqual(value);
  });

  it('checks nesting before parsing, in slices: too-deep and malformed outcomes, blank text undefined', async () => {
    let yields = 0;
    const options = { maxDepth: 4, sliceChars: 8, yieldToLoop: async () => void (yields += 1) };
    const deep = `{"a":${'['.repeat(6)}${']'.repeat(6)},"b":"${'x'.repeat(40)}"}`;
    expect(await checkJsonBodyInSlices(deep, options)).toEqual({ ok: false, reason: 'too-deep', message: 'nested deeper than 4 levels' });
    expect(yields).toBeGreaterThan(1);
    let message = '';
    try {
      JSON.parse('[1,,2]');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(await checkJsonBodyInSlices('[1,,2]', options)).toEqual({ ok: false, reason: 'malformed', message });
    expect(await checkJsonBodyInSlices('   \n ', options)).toEqual({ ok: true, value: undefined });
    expect(await checkJsonBodyInSlices('[[1],[2],{"c":[3]}]', options)).toEqual({ ok: true, value: [[1], [2], { c: [3] }] });
  });
});
