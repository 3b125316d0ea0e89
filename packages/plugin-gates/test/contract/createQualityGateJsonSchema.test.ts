import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createQualityGateJsonSchema, gateCatalogue, gateIds, qualityGateContractSchema } from '@cortex-os/plugin-gates';

const schemaFile = fileURLToPath(new URL('../../schema/quality-gate.schema.json', import.meta.url));
const projectContract = fileURLToPath(new URL('../../../../.eng/quality_gate.json', import.meta.url));

describe('createQualityGateJsonSchema', () => {
  const validate = new Ajv2020({ strict: false }).compile(createQualityGateJsonSchema());

  it('is the committed schema/quality-gate.schema.json (regenerate: cortex-gates schema --out packages/plugin-gates/schema/quality-gate.schema.json)', async () => {
    expect(JSON.parse(await readFile(schemaFile, 'utf8'))).toEqual(createQualityGateJsonSchema());
  });

  it("accepts the project's own contract", async () => {
    const contract = JSON.parse(await readFile(projectContract, 'utf8')) as unknown;
    expect(validate(contract), JSON.stringify(validate.errors)).toBe(true);
    expect(qualityGateContractSchema.safeParse(contract).success).toBe(true);
  });

  it('agrees with the zod contract on generated contracts', () => {
    const gateArb = fc.record(
      {
        bound: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.double({ min: 0, max: 100, noNaN: true })),
        level: fc.constantFrom('required', 'warn', 'sometimes'),
        tolerance: fc.integer({ min: -1, max: 3 }),
      },
      { requiredKeys: ['bound'] },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...gateIds, 'coverage.typo'), gateArb), fc.constantFrom(1, 2), (gates, version) => {
        const contract = {
          version,
          gates: Object.fromEntries(
            Object.entries(gates).map(([id, g]) => {
              const direction = id in gateCatalogue ? gateCatalogue[id as keyof typeof gateCatalogue].direction : 'min';
              return [
                id,
                {
                  [direction]: g.bound,
                  ...(g.level === undefined ? {} : { level: g.level }),
                  ...(g.tolerance === undefined ? {} : { tolerance: g.tolerance }),
                },
              ];
            }),
          ),
        };
        expect(validate(contract)).toBe(qualityGateContractSchema.safeParse(contract).success);
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});
