import semver from 'semver';
import { z } from 'zod';
import { KernelError } from '../errors/KernelError.js';
import { compiledSchema, type Contract, type ContractData } from './Contract.js';
import { describeIssues, toValidationIssues } from './ContractValidationIssue.js';

/**
 * Named, versioned contracts: register, resolve by semver range, validate, export JSON Schema.
 * @public
 */
export interface ContractRegistry {
  /**
   * Registers a contract. Registering the same contract object again is a no-op.
   * @throws {@link KernelError} `CONTRACT_DUPLICATE` when another schema has the same name and version.
   */
  register(contract: Contract): void;
  /**
   * The highest registered version of `name` that satisfies `range` (default: any).
   * @throws {@link KernelError} `CONTRACT_NOT_FOUND`, listing the versions that exist.
   */
  resolve(name: string, range?: string): Contract;
  /** Like {@link ContractRegistry.resolve} but returns undefined instead of throwing. */
  find(name: string, range?: string): Contract | undefined;
  /**
   * Validates a value against a contract and returns the parsed value.
   * @throws {@link KernelError} `CONTRACT_VALIDATION_FAILED` with the path of every failing field in `details.issues`.
   */
  validate<C extends Contract>(contract: C, value: unknown): ContractData<C>;
  /** JSON Schema 2020-12 of a contract, computed once and cached. */
  toJSONSchema(contract: Contract): Readonly<Record<string, unknown>>;
  /** Every requirement (`name → range`) that no registered contract satisfies. */
  unsatisfied(requirements: Readonly<Record<string, string>>): { name: string; range: string; available: string[] }[];
  /** Every registered contract, sorted by name then version. */
  list(): Contract[];
}

/**
 * Creates an empty {@link ContractRegistry}.
 * @public
 */
export function createContractRegistry(): ContractRegistry {
  const byName = new Map<string, Map<string, Contract>>();
  const jsonSchemas = new WeakMap<Contract, Readonly<Record<string, unknown>>>();

  const find = (name: string, range = '*'): Contract | undefined => {
    const versions = byName.get(name);
    if (versions === undefined) return undefined;
    const best = semver.maxSatisfying([...versions.keys()], range);
    return best === null ? undefined : versions.get(best);
  };

  return {
    register(contract) {
      let versions = byName.get(contract.name);
      if (versions === undefined) {
        versions = new Map();
        byName.set(contract.name, versions);
      }
      const existing = versions.get(contract.version);
      if (existing !== undefined && existing !== contract && existing.schema !== contract.schema) {
        throw new KernelError(
          'CONTRACT_DUPLICATE',
          `Contract ${contract.id} is already registered with a different schema; bump the version when the schema changes.`,
          {
            details: { contract: contract.id },
          },
        );
      }
      versions.set(contract.version, contract);
    },
    find,
    resolve(name, range = '*') {
      const found = find(name, range);
      if (found !== undefined) return found;
      const available = [...(byName.get(name)?.keys() ?? [])].sort(semver.compare);
      throw new KernelError(
        'CONTRACT_NOT_FOUND',
        available.length === 0
          ? `No contract named "${name}" is registered.`
          : `No version of contract "${name}" satisfies "${range}"; registered: ${available.join(', ')}.`,
        { details: { name, range, available } },
      );
    },
    validate(contract, value) {
      const result = compiledSchema(contract.schema).safeParse(value);
      if (result.success) return result.data as ContractData<typeof contract>;
      const issues = toValidationIssues(result.error);
      throw new KernelError('CONTRACT_VALIDATION_FAILED', `Value does not satisfy contract ${contract.id}: ${describeIssues(issues)}.`, {
        details: { contract: contract.name, version: contract.version, issues },
      });
    },
    toJSONSchema(contract) {
      let schema = jsonSchemas.get(contract);
      if (schema === undefined) {
        schema = Object.freeze({
          ...z.toJSONSchema(contract.schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }),
          title: contract.name,
          ...(contract.description === undefined ? {} : { description: contract.description }),
        });
        jsonSchemas.set(contract, schema);
      }
      return schema;
    },
    unsatisfied(requirements) {
      return Object.entries(requirements)
        .filter(([name, range]) => find(name, range) === undefined)
        .map(([name, range]) => ({ name, range, available: [...(byName.get(name)?.keys() ?? [])].sort(semver.compare) }));
    },
    list() {
      return [...byName.values()]
        .flatMap((versions) => [...versions.values()])
        .sort((a, b) => a.name.localeCompare(b.name) || semver.compare(a.version, b.version));
    },
  };
}
