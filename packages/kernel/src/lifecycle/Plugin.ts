import type { z } from 'zod';
import semver from 'semver';
import { isToken, type AnyToken } from '../container/Token.js';
import { KernelError } from '../errors/KernelError.js';
import { isExtensionPoint } from '../extensions/ExtensionPoint.js';
import type {
  PluginContributions,
  PluginDefinition,
  PluginExtensionPoints,
  PluginOptionsInput,
  PluginProvisions,
  PluginRequirements,
} from './PluginDefinition.js';

const pluginBrand = Symbol.for('cortex-os.plugin');
/** Bumped when the internal plugin shape changes; the kernel rejects versions it does not know. */
const PLUGIN_INTERNAL_VERSION = 1;
const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * A plugin ready to be added to a kernel: a definition plus the host's options. Opaque.
 * @public
 */
export interface Plugin {
  /** The plugin's name, unique per runtime. */
  readonly name: string;
  /** Semver of the plugin. */
  readonly version: string;
}

/**
 * Makes a {@link Plugin} from options; `undefined` options are allowed when the plugin's
 * schema accepts them (all fields optional or defaulted).
 * @public
 */
export type PluginFactory<S extends z.ZodType | undefined> = ((options?: PluginOptionsInput<S>) => Plugin) & {
  /** The name of the plugins this factory makes. */
  readonly pluginName: string;
  /** The version of the plugins this factory makes. */
  readonly pluginVersion: string;
};

/**
 * The kernel's view of a plugin.
 * @internal
 */
export interface InternalPlugin extends Plugin {
  readonly definition: AnyPluginDefinition;
  readonly rawOptions: unknown;
}

/** A definition with its type parameters widened, as the kernel handles it. */
type AnyPluginDefinition = PluginDefinition<
  z.ZodType | undefined,
  PluginRequirements,
  PluginProvisions,
  PluginExtensionPoints,
  PluginContributions
>;

/**
 * Defines a plugin; the result is a factory the host calls with options.
 *
 * @throws {@link KernelError} `PLUGIN_DEFINITION_INVALID` for a bad name, version, a value in
 * `requires`/`provides` that is not a token, a value in `extensionPoints`/`contributes` that is not
 * an extension point, or a name used in both `provides` and `contributes` (`start` returns both under their names).
 * @example
 * ```ts
 * export const clockPlugin = definePlugin({
 *   name: 'clock', version: '1.0.0',
 *   provides: { clock: clockToken },
 *   start: () => ({ clock: { now: () => Date.now() } }),
 * });
 * const kernel = createKernel({ plugins: [clockPlugin()] });
 * ```
 * @public
 */
export function definePlugin<
  S extends z.ZodType | undefined = undefined,
  R extends PluginRequirements = Record<never, never>,
  P extends PluginProvisions = Record<never, never>,
  E extends PluginExtensionPoints = Record<never, never>,
  C extends PluginContributions = Record<never, never>,
>(definition: PluginDefinition<S, R, P, E, C>): PluginFactory<S> {
  validateDefinition(definition as unknown as AnyPluginDefinition);
  const factory = (options?: PluginOptionsInput<S>): Plugin => {
    const plugin: InternalPlugin = {
      name: definition.name,
      version: definition.version,
      definition: definition as unknown as InternalPlugin['definition'],
      rawOptions: options,
    };
    Object.defineProperty(plugin, pluginBrand, { value: PLUGIN_INTERNAL_VERSION });
    return Object.freeze(plugin);
  };
  return Object.assign(factory, { pluginName: definition.name, pluginVersion: definition.version });
}

/**
 * Unwraps a plugin, checking brand and internal version.
 * @throws {@link KernelError} `PLUGIN_INVALID` when the value was not built by a compatible `definePlugin`.
 * @internal
 */
export function toInternalPlugin(value: unknown, index: number): InternalPlugin {
  const version = typeof value === 'object' && value !== null ? (value as Record<symbol, unknown>)[pluginBrand] : undefined;
  if (version === undefined) {
    const hint = typeof value === 'function' ? ' It looks like a plugin factory: call it, e.g. `myPlugin()`.' : '';
    throw new KernelError('PLUGIN_INVALID', `plugins[${index}] is not a plugin built by definePlugin.${hint}`, { details: { index } });
  }
  if (version !== PLUGIN_INTERNAL_VERSION) {
    throw new KernelError(
      'PLUGIN_INVALID',
      `plugins[${index}] ("${(value as Plugin).name}") was built by an incompatible @cortex-os/kernel (internal version ${String(version)}, expected ${PLUGIN_INTERNAL_VERSION}).`,
      {
        details: { index },
      },
    );
  }
  return value as InternalPlugin;
}

function validateDefinition(definition: AnyPluginDefinition): void {
  const problems: string[] = [];
  if (typeof definition.name !== 'string' || !PLUGIN_NAME_PATTERN.test(definition.name)) {
    problems.push(`name "${String(definition.name)}" must be lowercase letters, digits and dashes, starting with a letter`);
  }
  if (typeof definition.version !== 'string' || semver.valid(definition.version) === null) {
    problems.push(`version "${String(definition.version)}" is not semver (e.g. "1.0.0")`);
  }
  for (const [key, requirement] of Object.entries(definition.requires ?? {})) {
    const token: unknown = isToken(requirement) ? requirement : (requirement as { token?: unknown })?.token;
    if (!isToken(token)) problems.push(`requires.${key} is not a token (use createToken, or optional(token))`);
  }
  for (const [key, token] of Object.entries(definition.provides ?? {})) {
    if (!isToken(token as AnyToken)) problems.push(`provides.${key} is not a token (use createToken)`);
  }
  for (const field of ['extensionPoints', 'contributes'] as const) {
    for (const [key, point] of Object.entries(definition[field] ?? {})) {
      if (!isExtensionPoint(point)) problems.push(`${field}.${key} is not an extension point (use defineExtensionPoint)`);
    }
  }
  for (const key of Object.keys(definition.contributes ?? {})) {
    if (Object.hasOwn(definition.provides ?? {}, key)) {
      problems.push(`"${key}" names both a provided token and a contribution; start returns both by name, so rename one`);
    }
  }
  if (problems.length > 0) {
    throw new KernelError('PLUGIN_DEFINITION_INVALID', `Plugin "${String(definition.name)}" is invalid: ${problems.join('; ')}.`, {
      details: { plugin: definition.name, problems },
    });
  }
}
