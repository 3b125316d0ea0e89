import { z } from 'zod';
import { qualityGateContractSchema } from './qualityGateContractSchema.js';

/**
 * The JSON Schema (draft 2020-12) of the contract as written by hand, for editors:
 * fields with defaults are optional. `schema/quality-gate.schema.json` is this value,
 * written by `cortex-gates schema` and checked against it by the tests.
 * @public
 */
export function createQualityGateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(qualityGateContractSchema, { target: 'draft-2020-12', io: 'input' });
  return {
    ...schema,
    title: 'Cortex-OS quality-gate contract',
  };
}
