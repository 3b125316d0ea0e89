import { checkedOwner, type TokenOwner } from '../container/Token.js';
import { KernelError } from '../errors/KernelError.js';

const pointBrand = Symbol.for('cortex-os.extension-point');
/** Where a point keeps its label function: off the public type, so `ExtensionPoint<T>` stays covariant in `T`. */
const labelSymbol = Symbol.for('cortex-os.extension-point-label');

/** Same rule as token ids; keep in sync with `TOKEN_ID_PATTERN` in `container/Token.ts`. */
const POINT_ID_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/**
 * A typed place where plugins contribute values of type `T` — tools, resources, prompts, or a
 * plugin's own kind (skills, agents, routes) — that the point's owner reads as a live collection.
 *
 * @remarks
 * One plugin declares the point in its definition's `extensionPoints` (the kernel declares
 * {@link kernelExtensionPoints}); any plugin contributes in its `contributes`, returning the
 * values from `start`. Like a token, a point is identified by its id and owner: two points with
 * one id and the same owner are the same point.
 * @see {@link defineExtensionPoint}
 * @public
 */
export interface ExtensionPoint<T> {
  /** The dotted id, unique per runtime (`agents.skill`). */
  readonly id: string;
  /** The package that declares the point and the version of the contract its values follow. */
  readonly owner?: TokenOwner;
  /** What contributions are for, in plain words. */
  readonly description?: string;
  /** Phantom field carrying the contribution type; reading it throws. */
  readonly $type: T;
  /** A readable name such as `extension-point(agents.skill)`, used in error messages. */
  toString(): string;
}

/**
 * Any extension point, whatever it collects.
 * @public
 */
export type AnyExtensionPoint = ExtensionPoint<unknown>;

/**
 * The type of the values contributed to an extension point.
 * @public
 */
export type ExtensionPointValue<P> = P extends ExtensionPoint<infer T> ? T : never;

/**
 * Options of {@link defineExtensionPoint}.
 * @public
 */
export interface DefineExtensionPointOptions<T> {
  /** Lowercase dotted segments of letters, digits and dashes, as token ids (`agents.skill`). */
  readonly id: string;
  /**
   * The package that declares the point and its contract version; give it to every point a package
   * exports, so a same-named point from another package is caught at assembly.
   * @defaultValue none: a point the application declares for itself
   */
  readonly owner?: TokenOwner;
  /** What contributions are for, in plain words. */
  readonly description?: string;
  /**
   * Names one contribution in `kernel.describe()` and in messages (a tool's name, a resource's URI).
   * @defaultValue the contribution's position among its contributor's values, `#1`, `#2`, …
   */
  readonly label?: (value: T) => string;
}

/**
 * Defines an extension point: a typed collection other plugins contribute to declaratively.
 *
 * @throws {@link KernelError} `EXTENSION_POINT_DEFINITION_INVALID` for a bad id, owner or label, listing each problem.
 * @example
 * ```ts
 * interface Skill { readonly name: string; run(input: string): Promise<string> }
 * export const skillPoint = defineExtensionPoint<Skill>({
 *   id: 'agents.skill',
 *   owner: { package: '@acme/agents-api', version: '1' },
 *   label: (skill) => skill.name,
 * });
 * // The agents plugin declares it and reads what others contribute:
 * definePlugin({ name: 'agents', version: '1.0.0', extensionPoints: { skills: skillPoint },
 *   start: ({ extensions }) => void extensions.skills.onChange(() => reindex(extensions.skills.values())) });
 * // Any plugin contributes; the kernel adds its skills once it started and removes them when it stops:
 * definePlugin({ name: 'search', version: '1.0.0', contributes: { skills: skillPoint },
 *   start: () => ({ skills: [webSearchSkill] }) });
 * ```
 * @public
 */
export function defineExtensionPoint<T>(options: DefineExtensionPointOptions<T>): ExtensionPoint<T> {
  const { id, label } = options;
  const problems: string[] = [];
  if (typeof id !== 'string' || !POINT_ID_PATTERN.test(id)) {
    problems.push(`id "${String(id)}" must be lowercase dotted segments of letters, digits and dashes, e.g. "agents.skill"`);
  }
  if (label !== undefined && typeof label !== 'function') problems.push('label must be a function from a contribution to its name');
  if (problems.length > 0) {
    throw new KernelError('EXTENSION_POINT_DEFINITION_INVALID', `Extension point "${String(id)}" is invalid: ${problems.join('; ')}.`, {
      details: { point: String(id), problems },
    });
  }
  const owner =
    options.owner === undefined ? undefined : checkedOwner(`Extension point "${id}"`, options.owner, 'EXTENSION_POINT_DEFINITION_INVALID');
  const point = {
    id,
    ...(owner === undefined ? {} : { owner }),
    ...(options.description === undefined ? {} : { description: options.description }),
    get $type(): T {
      throw new KernelError(
        'EXTENSION_POINT_DEFINITION_INVALID',
        `ExtensionPoint.$type of "${id}" is a type-only field; do not read it at run time.`,
      );
    },
    toString: () => `extension-point(${id})`,
  };
  Object.defineProperty(point, pointBrand, { value: true });
  if (label !== undefined) Object.defineProperty(point, labelSymbol, { value: label });
  return Object.freeze(point);
}

/**
 * True when the value is an extension point made by {@link defineExtensionPoint}.
 * @internal
 */
export function isExtensionPoint(value: unknown): value is AnyExtensionPoint {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[pointBrand] === true;
}

/**
 * Names a contribution: the point's label, else its 1-based position among its contributor's values.
 * A label that throws or returns a non-string falls back to the position: naming is for reading, never a failure.
 * @internal
 */
export function labelContribution(point: AnyExtensionPoint, value: unknown, index: number): string {
  const label = (point as unknown as Record<symbol, ((value: unknown) => unknown) | undefined>)[labelSymbol];
  try {
    const name = label?.(value);
    if (typeof name === 'string' && name.length > 0) return name;
  } catch {
    // fall through to the position
  }
  return `#${index + 1}`;
}
