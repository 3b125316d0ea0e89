import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CortexError, defineContract } from '@cortex-os/kernel';
import { createContractRegistry } from '@cortex-os/kernel/internal';

const version = fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)).map(([a, b, c]) => `${a}.${b}.${c}`);

describe('createContractRegistry', () => {
  it('resolves the highest version satisfying a range and lists what exists when none does', () => {
    const registry = createContractRegistry();
    for (const v of ['1.0.0', '1.2.0', '2.0.0'])
      registry.register(defineContract({ name: 'notes.note', version: v, schema: z.object({ v: z.literal(v) }) }));
    expect(registry.resolve('notes.note', '^1.0.0').version).toBe('1.2.0');
    expect(registry.resolve('notes.note').version).toBe('2.0.0');
    expect(() => registry.resolve('notes.note', '^3')).toThrow(
      'No version of contract "notes.note" satisfies "^3"; registered: 1.0.0, 1.2.0, 2.0.0.',
    );
    expect(() => registry.resolve('notes.other')).toThrow('No contract named "notes.other" is registered.');
  });

  it('validates with the path of every failing field', () => {
    const registry = createContractRegistry();
    const contract = defineContract({
      name: 'notes.note',
      version: '1.0.0',
      schema: z.object({ items: z.array(z.object({ name: z.string() })), count: z.number() }),
    });
    registry.register(contract);
    let thrown: unknown;
    try {
      registry.validate(contract, { items: [{ name: 'a' }, { name: 3 }], count: 'x' });
    } catch (e) {
      thrown = e;
    }
    expect(CortexError.is(thrown, 'CONTRACT_VALIDATION_FAILED')).toBe(true);
    expect((thrown as CortexError).details).toMatchObject({
      contract: 'notes.note',
      version: '1.0.0',
      issues: [
        { path: 'items[1].name', code: 'invalid_type' },
        { path: 'count', code: 'invalid_type' },
      ],
    });
  });

  it('refuses a different schema under an existing name and version', () => {
    const registry = createContractRegistry();
    registry.register(defineContract({ name: 'a.b', version: '1.0.0', schema: z.string() }));
    expect(() => registry.register(defineContract({ name: 'a.b', version: '1.0.0', schema: z.number() }))).toThrow(/bump the version/);
  });

  it('rejects bad names and versions when a contract is defined', () => {
    expect(() => defineContract({ name: 'Notes', version: '1.0.0', schema: z.string() })).toThrow(/Contract name "Notes" is invalid/);
    expect(() => defineContract({ name: 'notes', version: 'v1', schema: z.string() })).toThrow(/not semver/);
  });

  it('reports unsatisfied requirements', () => {
    const registry = createContractRegistry();
    registry.register(defineContract({ name: 'a.b', version: '1.5.0', schema: z.string() }));
    expect(registry.unsatisfied({ 'a.b': '^1.2.0', 'c.d': '*' })).toEqual([{ name: 'c.d', range: '*', available: [] }]);
  });
});

describe('contract registry (properties)', () => {
  it('resolution picks the highest registered version that satisfies the range', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(version, { minLength: 1, maxLength: 12 }),
        version,
        fc.constantFrom('^', '~', '>=', '<', ''),
        (versions, base, op) => {
          const registry = createContractRegistry();
          for (const v of versions) registry.register(defineContract({ name: 'p.q', version: v, schema: z.string() }));
          const range = `${op}${base}`;
          const expected = versions.filter((v) => semver.satisfies(v, range)).sort(semver.rcompare)[0];
          expect(registry.find('p.q', range)?.version).toBe(expected);
        },
      ),
      { seed: 5, numRuns: 300 },
    );
  });

  it('the exported JSON Schema (checked with ajv) and the zod schema agree on accept and reject', () => {
    const schema = z.object({
      name: z.string().min(1).max(20),
      count: z.number().int().min(0),
      tags: z.array(z.enum(['a', 'b', 'c'])).max(3),
      note: z.string().optional(),
      kind: z.union([z.literal('x'), z.literal('y')]),
    });
    const contract = defineContract({ name: 'p.thing', version: '1.0.0', schema });
    const registry = createContractRegistry();
    registry.register(contract);
    const jsonSchema = registry.toJSONSchema(contract);
    expect(jsonSchema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    const validate = new Ajv2020({ strict: false }).compile(jsonSchema);
    const candidate = fc.record(
      {
        name: fc.oneof(fc.string({ maxLength: 25 }), fc.integer()),
        count: fc.oneof(fc.integer({ min: -3, max: 50 }), fc.double({ noNaN: true, min: -2, max: 5 }), fc.string()),
        tags: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 5 }),
        note: fc.oneof(fc.string(), fc.constant(7)),
        kind: fc.constantFrom('x', 'y', 'z'),
      },
      { requiredKeys: ['count', 'tags'] },
    );
    fc.assert(
      fc.property(candidate, (value) => {
        expect(validate(value)).toBe(schema.safeParse(value).success);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
