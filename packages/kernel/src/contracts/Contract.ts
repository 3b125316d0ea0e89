import semver from 'semver';
import { z } from 'zod';
import { KernelError } from '../errors/KernelError.js';

/** Contract names: dotted lowercase ids (`memory.record`, `tool.execution.started`). */
const CONTRACT_NAME_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

/**
 * A named, semver-versioned zod schema for a payload that crosses a plugin or process boundary.
 * @public
 */
export interface Contract<S extends z.ZodType = z.ZodType> {
  /** Dotted lowercase id, e.g. `notes.note`; for an event, its CloudEvents type. */
  readonly name: string;
  /** Semver of the schema, e.g. `1.0.0`; bumped whenever the schema changes. */
  readonly version: string;
  /** The zod schema that values are validated against. */
  readonly schema: S;
  /** What the payload means, in plain words; it becomes the JSON Schema's `description`. */
  readonly description?: string;
  /** `name@version`. */
  readonly id: string;
}

/**
 * The type a contract validates to.
 * @public
 */
export type ContractData<C> = C extends Contract<infer S> ? z.output<S> : never;

/**
 * Options of {@link defineContract}.
 * @public
 */
export interface DefineContractOptions<S extends z.ZodType> {
  /** Dotted lowercase segments of letters, digits, `_` and `-`, e.g. `memory.record`. */
  readonly name: string;
  /** Semver of the schema, e.g. `1.0.0`. */
  readonly version: string;
  /** The zod schema of the payload. */
  readonly schema: S;
  /** What the payload means, in plain words. */
  readonly description?: string;
}

/**
 * Defines a contract; register it with the kernel's contract registry to make it resolvable.
 *
 * @throws {@link KernelError} `CONTRACT_DEFINITION_INVALID` for a bad name or a version that is not semver.
 * @example
 * ```ts
 * const noteContract = defineContract({ name: 'notes.note', version: '1.0.0', schema: z.object({ text: z.string() }) });
 * ```
 * @public
 */
export function defineContract<S extends z.ZodType>(options: DefineContractOptions<S>): Contract<S> {
  assertContractName(options.name);
  if (semver.valid(options.version) === null) {
    throw new KernelError(
      'CONTRACT_DEFINITION_INVALID',
      `Contract "${options.name}" has version "${options.version}", which is not semver (e.g. "1.0.0").`,
      {
        details: { name: options.name, version: options.version },
      },
    );
  }
  const contract: Contract<S> = {
    name: options.name,
    version: options.version,
    schema: options.schema,
    id: `${options.name}@${options.version}`,
    ...(options.description === undefined ? {} : { description: options.description }),
  };
  return Object.freeze(contract);
}

/**
 * Checks that a name is a valid contract name.
 * @throws {@link KernelError} `CONTRACT_DEFINITION_INVALID` when it is not.
 * @internal
 */
export function assertContractName(name: string): void {
  if (!CONTRACT_NAME_PATTERN.test(name)) {
    throw new KernelError(
      'CONTRACT_DEFINITION_INVALID',
      `Contract name "${name}" is invalid: use dotted lowercase segments of letters, digits, "_" and "-", e.g. "memory.record".`,
      {
        details: { name },
      },
    );
  }
}

/**
 * How many validations a schema gets from zod's runtime parser before it is compiled. Compiling
 * costs ~0.5 ms a schema on the reference VM, and zod's compiler ~20 ms on its first run in a
 * process; a validation saves ~0.1 µs. So a schema used a few times (a CLI run, a cold start)
 * never pays for compiling, and a hot one pays once.
 */
const VALIDATIONS_BEFORE_COMPILING = 64;

/** Per schema: how many validations it has had, or what validates it from now on. */
const schemaTiers = new WeakMap<z.ZodType, number | z.ZodType>();

/**
 * What validates `schema` on this call: zod's runtime parser (the schema itself) for its first
 * validations, then, once compiled by zod's ahead-of-time compiler (`z.compile`), the compiled
 * clone when it behaves as the schema does. Checked on a hot path.
 *
 * @remarks
 * The clone tries generated code first and, when a value fails it, zod's runtime parser, so
 * results and issues are the same and a valid value parses several times faster. But on an
 * invalid value anything the schema runs of its own is run twice. zod marks a clone whose
 * generated code holds a refinement, a transform, a `catch` or a part left to the runtime as
 * not `definite`; those keep the runtime parser, so such callbacks still run once per value.
 * (A `default` function and the input's getters are not marked: on an invalid value they run
 * twice.) Should zod stop marking clones, every schema keeps the runtime parser.
 * @internal
 */
export function compiledSchema<S extends z.ZodType>(schema: S): S {
  const tier = schemaTiers.get(schema) ?? 0;
  if (typeof tier !== 'number') return tier as S;
  schemaTiers.set(schema, tier + 1 < VALIDATIONS_BEFORE_COMPILING ? tier + 1 : compileWhenExact(schema));
  return schema;
}

function compileWhenExact(schema: z.ZodType): z.ZodType {
  const compiled = z.compile(schema);
  const validator = (compiled._zod.bag as { readonly validator?: { readonly definite?: unknown } }).validator;
  return validator?.definite === true ? compiled : schema;
}
