import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeParseInSlices } from '../../src/server/safeParseInSlices.js';

const item = z.object({ id: z.string().min(1), score: z.number().int().nonnegative(), tags: z.array(z.string()).max(2).optional() });
const unique = (xs: { id: string }[]) => new Set(xs.map((x) => x.id)).size === xs.length;

// Schemas as routes declare them: arrays with checks, refinements (which zod skips after some
// issues), transforms, strict objects, wrappers; arrays in objects in arrays, top-level arrays,
// arrays of arrays, records with many keys and key schemas that fail.
const schemas: Record<string, z.ZodType> = {
  plain: z.object({ items: z.array(item) }),
  checked: z.object({ name: z.string(), items: z.array(item).min(2).max(40), limit: z.number().optional() }),
  refinedArray: z.object({ items: z.array(item).refine(unique, 'ids must be unique') }),
  refinedObject: z
    .object({ items: z.array(z.number()), total: z.number() })
    .refine((v) => v.items.reduce((a, b) => a + b, 0) === v.total, { message: 'total must be the sum', path: ['total'] }),
  continuable: z.object({ items: z.array(z.string().min(2)) }).refine((v) => v.items.length < 20, 'too many'),
  transformed: z.object({ items: z.array(z.string().transform((s) => s.toUpperCase())), other: z.array(z.boolean()).default([]) }),
  strict: z.strictObject({ items: z.array(z.number().min(0)), note: z.string().max(5).optional() }),
  twoArrays: z.object({ a: z.array(z.number()), b: z.array(z.string().min(1)).nonempty() }),
  wrapped: z.object({
    items: z.array(item).optional().nullable(),
    a: z.array(z.number().catch(-1)).readonly(),
    b: z.array(z.string()).transform((xs) => xs.length),
  }),
  topLevel: z.array(item),
  nested: z.object({
    groups: z.array(z.strictObject({ name: z.string(), items: z.array(item).max(6).refine(unique, 'ids must be unique') })).min(1),
  }),
  arraysOfArrays: z.array(z.object({ rows: z.array(z.array(z.number().int()).max(5)) })).max(30),
  record: z.record(z.string(), item),
  recordKeys: z.record(z.string().min(2), z.number().positive()),
  refinedRecord: z
    .record(
      z.string().regex(/^[a-z]/),
      z
        .number()
        .positive()
        .transform((n) => n * 2),
    )
    .refine((r) => Object.keys(r).length < 6, 'too many keys'),
  recordsInArray: z.array(z.record(z.string(), z.array(z.number()).max(3))),
  recordNested: z.object({
    byUser: z.record(z.string(), z.array(z.number())).optional(),
    flags: z.record(z.string().regex(/^[a-z]+$/), z.boolean()),
  }),
};

const scalar = fc.oneof(fc.integer({ min: -3, max: 20 }), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
const anyItem = fc.oneof(
  fc.record({ id: fc.string({ maxLength: 3 }), score: fc.integer({ min: -2, max: 50 }) }),
  fc.record({
    id: fc.string({ maxLength: 3 }),
    score: fc.integer({ min: 0, max: 5 }),
    tags: fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
  }),
  scalar,
);
// Any JSON a client could send, a few levels deep.
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 6 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'id', 'items', 'name', 'x1', 'score', 'rows'), tie('json'), { maxKeys: 4 }),
  ),
}));

const validItem = fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), score: fc.nat(50) });
const list = <T>(element: fc.Arbitrary<T>, minLength = 0, maxLength = 45): fc.Arbitrary<T[]> => fc.array(element, { minLength, maxLength });
const dict = <T>(value: fc.Arbitrary<T>, key = fc.string({ minLength: 2, maxLength: 4 })): fc.Arbitrary<Record<string, T>> =>
  fc.dictionary(key, value, { maxKeys: 40 });

// Bodies that mostly pass each schema, so that accepted results (not only issues) are compared.
const validBodies: Record<string, fc.Arbitrary<unknown>> = {
  plain: fc.record({ items: list(validItem) }),
  checked: fc.record({ name: fc.string(), items: list(validItem) }),
  refinedArray: fc.record({ items: list(validItem) }),
  refinedObject: list(fc.nat(9)).chain((items) =>
    fc.constantFrom(0, 1).map((off) => ({ items, total: items.reduce((a, b) => a + b, 0) + off })),
  ),
  continuable: fc.record({ items: list(fc.string({ minLength: 2, maxLength: 4 }), 0, 25) }),
  transformed: fc.record({ items: list(fc.string()) }, { requiredKeys: ['items'] }),
  strict: fc.record({ items: list(fc.nat()), note: fc.string({ maxLength: 5 }) }, { requiredKeys: ['items'] }),
  twoArrays: fc.record({ a: list(fc.integer()), b: list(fc.string({ minLength: 1 }), 1) }),
  wrapped: fc.record({ items: fc.option(list(validItem)), a: list(fc.integer()), b: list(fc.string()) }, { requiredKeys: ['a', 'b'] }),
  topLevel: list(validItem),
  nested: fc.record({ groups: list(fc.record({ name: fc.string(), items: list(validItem, 0, 6) }), 1, 12) }),
  arraysOfArrays: list(fc.record({ rows: list(list(fc.integer(), 0, 5), 0, 12) }), 0, 30),
  record: dict(validItem),
  recordKeys: dict(fc.integer({ min: 1, max: 3 })),
  refinedRecord: dict(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[a-z][a-z0-9]{0,2}$/)),
  recordsInArray: list(dict(list(fc.integer(), 0, 3)), 0, 10),
  recordNested: fc.record({ byUser: dict(list(fc.integer())), flags: dict(fc.boolean(), fc.stringMatching(/^[a-z]{1,3}$/)) }),
};

/** `body` with the value at a path chosen by `choices` (into arrays and objects) replaced. */
function replacedAt(body: unknown, choices: readonly number[], replacement: unknown): unknown {
  const [choice, ...rest] = choices;
  if (choice === undefined || typeof body !== 'object' || body === null) return replacement;
  const keys = Object.keys(body);
  if (keys.length === 0) return body;
  const key = keys[choice % keys.length] as string;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(body) ? [...body] : { ...(body as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = replacedAt((body as Record<string, unknown>)[key], rest, replacement);
  return copy;
}

/** A valid body with one value, at any depth, replaced by anything. */
const mutated = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc
    .tuple(valid, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.oneof(anyItem, json))
    .map(([body, choices, replacement]) => replacedAt(body, choices, replacement));

function outcome(result: z.ZodSafeParseResult<unknown>): unknown {
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}

describe('safeParseInSlices', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`gives exactly what one safeParse gives, for valid and invalid bodies: ${name}`, async () => {
      const yields = { accepted: 0, rejected: 0 };
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(validBodies[name] as fc.Arbitrary<unknown>, mutated(validBodies[name] as fc.Arbitrary<unknown>), json),
          fc.integer({ min: 1, max: 7 }),
          async (body, sliceSize) => {
            let slices = 0;
            const sliced = await safeParseInSlices(schema, body, { sliceSize, yieldToLoop: async () => void (slices += 1) });
            const whole = schema.safeParse(body);
            expect(outcome(sliced)).toEqual(outcome(whole));
            if (whole.success) accepted += 1;
            yields[whole.success ? 'accepted' : 'rejected'] += slices;
          },
        ),
        { seed: 20_260_014, numRuns: 300 },
      );
      // Both paths are exercised: bodies are accepted, and valid and invalid ones alike are validated in slices.
      expect(accepted).toBeGreaterThan(5);
      expect(yields.accepted).toBeGreaterThan(0);
      expect(yields.rejected).toBeGreaterThan(0);
    });
  }

  it('lets the event loop run between slices of a valid body', async () => {
    const events: string[] = [];
    const body = { name: 'n', items: Array.from({ length: 30 }, (_, i) => ({ id: `i${i}`, score: i })) };
    const result = await safeParseInSlices(schemas['checked'] as z.ZodType, body, {
      sliceSize: 30,
      yieldToLoop: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        events.push('yield');
      },
    });
    events.push('validated');
    expect(result.success).toBe(true);
    // 30 elements of 3 JSON values each: 90 values, a yield every 30.
    expect(events).toEqual(['yield', 'yield', 'yield', 'validated']);
  });

  it('validates each element once and in slices, whether the body passes or fails, at any depth', async () => {
    for (const failing of [false, true]) {
      let checked = 0;
      const events: string[] = [];
      const leaf = z.number().refine((n) => {
        checked += 1;
        events.push('leaf');
        return n >= 0;
      });
      const schema = z.array(z.object({ rows: z.record(z.string(), z.array(leaf)) }));
      const body = Array.from({ length: 3 }, (_, g) => ({
        rows: Object.fromEntries(
          Array.from({ length: 4 }, (_, r) => [`r${r}`, Array.from({ length: 5 }, (_, i) => (failing && g === 2 && i === 4 ? -1 : i))]),
        ),
      }));
      const result = await safeParseInSlices(schema, body, { sliceSize: 10, yieldToLoop: async () => void events.push('yield') });
      expect(result.success).toBe(!failing);
      // Each of the 60 numbers was checked once, with the loop let run between slices (none after the last check).
      expect(checked).toBe(60);
      expect(events.filter((e) => e === 'yield').length).toBeGreaterThan(5);
      expect(events.slice(0, 11)).toEqual([...Array.from({ length: 10 }, () => 'leaf'), 'yield']);
      expect(outcome(result)).toEqual(outcome(schema.safeParse(body)));
    }
  });

  it('gives a thrown refinement error as safeParse does, and an asynchronous schema the same $ZodAsyncError', async () => {
    const options = { sliceSize: 2, yieldToLoop: async () => undefined };
    const throwing = z.array(
      z.number().refine((n) => {
        if (n === 3) throw new Error('three');
        return true;
      }),
    );
    await expect(safeParseInSlices(throwing, [1, 2, 3, 4], options)).rejects.toThrow('three');
    const asynchronous = z.object({ items: z.array(z.number().refine(async () => true)) });
    expect(() => asynchronous.safeParse({ items: [1, 2, 3] })).toThrow(z.core.$ZodAsyncError);
    await expect(safeParseInSlices(asynchronous, { items: [1, 2, 3] }, options)).rejects.toThrow(z.core.$ZodAsyncError);
  });
});
