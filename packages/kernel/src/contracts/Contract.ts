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

const compiledSchemas = new WeakMap<z.ZodType, z.ZodType>();

/**
 * `schema` as zod's ahead-of-time compiler (`z.compile`) builds it, once per schema and on
 * first use (compiling costs about what zod's own first parse does), when the compiled clone
 * behaves as the schema does; else `schema` itself. Checked on a hot path.
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
  let compiled = compiledSchemas.get(schema);
  if (compiled === undefined) {
    compiled = compileWhenExact(schema);
    compiledSchemas.set(schema, compiled);
  }
  return compiled as S;
}

function compileWhenExact(schema: z.ZodType): z.ZodType {
  const compiled = z.compile(schema);
  const validator = (compiled._zod.bag as { readonly validator?: { readonly definite?: unknown } }).validator;
  return validator?.definite === true ? compiled : schema;
}
