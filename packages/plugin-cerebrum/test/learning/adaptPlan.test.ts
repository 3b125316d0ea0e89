import { adaptPlan, type Plan, validatePlan } from '@cortex-os/plugin-cerebrum';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const tools = ['web.fetch', 'notes.write', 'text.summarise'];
const plan = (goal: string, steps: object[]): Plan => validatePlan({ goal, steps }, { tools });

const example = plan('Summarise the release notes of Fastify', [
  { id: 'page', tool: 'web.fetch', input: { url: 'fastify' } },
  { id: 'sum', tool: 'text.summarise', input: { words: 50 }, dependsOn: ['page'], inputsFrom: { text: 'page' } },
]);

describe('adaptPlan', () => {
  it('gives 1 to a step whose changed values come from the new goal, and names what changed', () => {
    const adapted = plan('Summarise the release notes of Vitest', [
      { id: 'page', tool: 'web.fetch', input: { url: 'vitest' } },
      { id: 'sum', tool: 'text.summarise', input: { words: 50 }, dependsOn: ['page'], inputsFrom: { text: 'page' } },
    ]);
    expect(adaptPlan(example, adapted).map(({ confidence, changed }) => ({ confidence, changed }))).toEqual([
      { confidence: 1, changed: ['url'] },
      { confidence: 1, changed: [] },
    ]);
  });

  it('lowers confidence for values not from the goal, and gives 0 to a changed tool, an added and a dropped step', () => {
    const adapted = plan('Summarise the release notes of Vitest', [
      { id: 'page', tool: 'web.fetch', input: { url: 'vitest', depth: 2 } },
      { id: 'sum', tool: 'notes.write', input: {} },
      { id: 'extra', tool: 'notes.write', input: {} },
    ]);
    const [page, sum, extra] = adaptPlan(example, adapted);
    // url from the goal (1 of 2 changed values), depth added: 0.5 + 0.5 × 1/2.
    expect(page).toMatchObject({ confidence: 0.75, changed: ['depth', 'url'] });
    expect(sum?.confidence).toBe(0);
    expect(extra?.original).toBeUndefined();
    expect(extra?.confidence).toBe(0);
    const dropped = adaptPlan(example, plan('g', [{ id: 'page', tool: 'web.fetch', input: { url: 'fastify' } }])).at(-1);
    expect(dropped?.original?.id).toBe('sum');
    expect(dropped?.adapted).toBeUndefined();
    expect(dropped?.confidence).toBe(0);
  });

  it('keeps confidence within [0, 1], and 1 for an unchanged plan (property)', () => {
    const input = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()));
    fc.assert(
      fc.property(
        fc.array(input, { minLength: 1, maxLength: 5 }),
        fc.array(input, { minLength: 1, maxLength: 5 }),
        fc.string(),
        (before, after, goal) => {
          const original = plan(
            goal || 'g',
            before.map((value, i) => ({ id: `s${i}`, tool: 'web.fetch', input: value })),
          );
          const adapted = plan(
            goal || 'g',
            after.map((value, i) => ({ id: `s${i}`, tool: 'web.fetch', input: value })),
          );
          for (const step of adaptPlan(original, adapted)) {
            expect(step.confidence).toBeGreaterThanOrEqual(0);
            expect(step.confidence).toBeLessThanOrEqual(1);
          }
          expect(adaptPlan(original, original).every((step) => step.confidence === 1)).toBe(true);
        },
      ),
      { seed: 77, numRuns: 200 },
    );
  });
});
