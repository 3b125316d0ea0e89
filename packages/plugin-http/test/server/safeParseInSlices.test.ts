import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeParseInSlices } from '../../src/server/safeParseInSlices.js';

const item = z.object({ id: z.string().min(1), score: z.number().int().nonnegative(), tags: z.array(z.string()).max(2).optional() });

// Schemas as routes declare them: arrays with checks, refinements, transforms, strict objects, non-object schemas.
const schemas: Record<string, z.ZodType> = {
  plain: z.object({ items: z.array(item) }),
  checked: z.object({ name: z.string(), items: z.array(item).min(2).max(40), limit: z.number().optional() }),
  refinedArray: z.object({ items: z.array(item).refine((xs) => new Set(xs.map((x) => x.id)).size === xs.length, 'ids must be unique') }),
  refinedObject: z
    .object({ items: z.array(z.number()), total: z.number() })
    .refine((v) => v.items.reduce((a, b) => a + b, 0) === v.total, { message: 'total must be the sum', path: ['total'] }),
  transformed: z.object({ items: z.array(z.string().transform((s) => s.toUpperCase())), other: z.array(z.boolean()).default([]) }),
  strict: z.strictObject({ items: z.array(z.number().min(0)), note: z.string().max(5).optional() }),
  twoArrays: z.object({ a: z.array(z.number()), b: z.array(z.string().min(1)).nonempty() }),
  notObject: z.array(item),
};

const anyItem = fc.oneof(
  fc.record({ id: fc.string({ maxLength: 3 }), score: fc.integer({ min: -2, max: 50 }) }),
  fc.record({
    id: fc.string({ maxLength: 3 }),
    score: fc.integer({ min: 0, max: 5 }),
    tags: fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
  }),
  fc.integer({ min: -3, max: 20 }),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant(null),
);
const anyArray = fc.oneof({ weight: 5, arbitrary: fc.array(anyItem, { maxLength: 45 }) }, { weight: 1, arbitrary: anyItem });
const anyBody = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        items: anyArray,
        a: anyArray,
        b: anyArray,
        name: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
        total: fc.integer({ min: 0, max: 200 }),
        limit: fc.integer(),
        note: fc.string({ maxLength: 7 }),
        other: fc.array(fc.oneof(fc.boolean(), fc.integer()), { maxLength: 4 }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.oneof(anyArray, fc.constant(null), fc.string()) },
);

const validItem = fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), score: fc.nat(50) });
const list = <T>(element: fc.Arbitrary<T>, minLength = 0): fc.Arbitrary<T[]> => fc.array(element, { minLength, maxLength: 45 });

// Bodies that mostly pass each schema, so that the sliced path (not only its fallback) is compared.
const validBodies: Record<string, fc.Arbitrary<unknown>> = {
  plain: fc.record({ items: list(validItem) }),
  checked: fc.record({ name: fc.string(), items: list(validItem) }),
  refinedArray: fc.record({ items: list(validItem) }),
  refinedObject: list(fc.nat(9)).chain((items) =>
    fc.constantFrom(0, 1).map((off) => ({ items, total: items.reduce((a, b) => a + b, 0) + off })),
  ),
  transformed: fc.record({ items: list(fc.string()) }, { requiredKeys: ['items'] }),
  strict: fc.record({ items: list(fc.nat()), note: fc.string({ maxLength: 5 }) }, { requiredKeys: ['items'] }),
  twoArrays: fc.record({ a: list(fc.integer()), b: list(fc.string({ minLength: 1 }), 1) }),
  notObject: list(validItem),
};

/** A valid body with one element of its first array (if any) replaced by anything. */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, anyItem, fc.nat()).map(([body, replacement, at]) => {
    const copy = Array.isArray(body) ? [...body] : { ...(body as Record<string, unknown>) };
    const target = Array.isArray(copy) ? copy : Object.values(copy).find(Array.isArray);
    if (target !== undefined && target.length > 0) target[at % target.length] = replacement;
    return copy;
  });
}

function outcome(result: z.ZodSafeParseResult<unknown>): unknown {
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}

describe('safeParseInSlices', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`gives exactly what one safeParse gives: ${name}`, async () => {
      let yields = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(validBodies[name] as fc.Arbitrary<unknown>, mutated(validBodies[name] as fc.Arbitrary<unknown>), anyBody),
          fc.integer({ min: 1, max: 7 }),
          async (body, chunkSize) => {
            const sliced = await safeParseInSlices(schema, body, { chunkSize, yieldToLoop: async () => void (yields += 1) });
            const whole = schema.safeParse(body);
            expect(outcome(sliced)).toEqual(outcome(whole));
            if (whole.success) accepted += 1;
          },
        ),
        { seed: 20_260_014, numRuns: 300 },
      );
      // The sliced path is exercised: bodies are accepted, and chunks yielded (the non-object schema never does).
      expect(accepted).toBeGreaterThan(5);
      if (name !== 'notObject') expect(yields).toBeGreaterThan(0);
    });
  }

  it('lets the event loop run between chunks of a valid body', async () => {
    const events: string[] = [];
    const body = { name: 'n', items: Array.from({ length: 30 }, (_, i) => ({ id: `i${i}`, score: i })) };
    const result = await safeParseInSlices(schemas['checked'] as z.ZodType, body, {
      chunkSize: 10,
      yieldToLoop: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        events.push('yield');
      },
    });
    events.push('validated');
    expect(result.success).toBe(true);
    expect(events).toEqual(['yield', 'yield', 'yield', 'validated']);
  });
});
