import type { z } from 'zod';
import { isToken, type AnyToken } from '../container/Token.js';
import { describeIssues, toValidationIssues } from '../contracts/ContractValidationIssue.js';
import { CortexError } from '../errors/CortexError.js';
import { KernelAggregateError, type KernelProblem } from '../errors/KernelError.js';
import type { AnyExtensionPoint } from '../extensions/ExtensionPoint.js';
import { planExtensionPoints } from '../extensions/planExtensionPoints.js';
import type { Logger } from '../logging/Logger.js';
import { findOwnerConflicts, type OwnedReference } from './findOwnerConflicts.js';
import { toInternalPlugin, type InternalPlugin, type Plugin } from './Plugin.js';
import type { OptionalRequirement } from './PluginDefinition.js';
import { planStartOrder, type PlanNode, type StartPlan } from './planStartOrder.js';

/**
 * A plugin checked at assembly, with its parsed options and its logger.
 * @internal
 */
export interface AssembledPlugin {
  readonly plugin: InternalPlugin;
  readonly options: unknown;
  readonly logger: Logger;
}

/**
 * What the kernel itself declares: its tokens and extension points, which plugins may use but not redeclare.
 * @internal
 */
export interface KernelDeclarations {
  readonly tokens: readonly AnyToken[];
  readonly points: readonly AnyExtensionPoint[];
}

/**
 * Checks every plugin, its options, requirements, providers, extension points, the owners of every
 * token and point, and the dependency graph, and reports every problem at once.
 * @throws {@link KernelAggregateError} `KERNEL_ASSEMBLY_FAILED` listing each problem.
 * @internal
 */
export function assembleRuntime(
  plugins: readonly Plugin[],
  logger: Logger,
  kernel: KernelDeclarations,
): { assembled: Map<string, AssembledPlugin>; plan: StartPlan } {
  const problems: KernelProblem[] = [];
  const assembled = new Map<string, AssembledPlugin>();
  plugins.forEach((value, index) => {
    let plugin: InternalPlugin;
    try {
      plugin = toInternalPlugin(value, index);
    } catch (error) {
      problems.push(problemOf(error));
      return;
    }
    if (assembled.has(plugin.name)) {
      problems.push({
        code: 'PLUGIN_DUPLICATE_NAME',
        plugin: plugin.name,
        message: `Plugin "${plugin.name}" was added more than once (plugins[${index}]).`,
      });
      return;
    }
    const parsed = parseOptions(plugin);
    if (parsed.problem !== undefined) problems.push(parsed.problem);
    assembled.set(plugin.name, { plugin, options: parsed.options, logger: logger.child({ plugin: plugin.name }) });
  });
  const definitions = [...assembled.values()].map(({ plugin }) => plugin);
  const plan = planStartOrder(definitions.map(toPlanNode), new Set(kernel.tokens.map((t) => t.id)));
  problems.push(...plan.problems);
  problems.push(...planExtensionPoints(definitions.map(toExtensionPlanNode), new Set(kernel.points.map((p) => p.id))));
  problems.push(...findOwnerConflicts(ownedReferences(definitions, kernel)));
  if (problems.length > 0) {
    throw new KernelAggregateError(
      'KERNEL_ASSEMBLY_FAILED',
      `Cannot assemble the runtime: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
      problems,
    );
  }
  return { assembled, plan };
}

/**
 * The token ids a plugin requires (each marked optional or not) and provides.
 * @internal
 */
export function toPlanNode(plugin: InternalPlugin): PlanNode {
  return {
    name: plugin.name,
    requires: requiredTokens(plugin).map(({ token, optional }) => ({ token: token.id, optional })),
    provides: Object.values(plugin.definition.provides ?? {}).map((t) => ({ token: t.id, multi: t.multi })),
  };
}

/**
 * A problem from anything thrown: a coded error keeps its code and plugin; anything else is a failed hook.
 * @internal
 */
export function problemOf(error: unknown): KernelProblem {
  if (CortexError.is(error)) {
    const plugin = error.details['plugin'];
    return {
      code: error.code as KernelProblem['code'],
      message: error.message,
      cause: error,
      ...(typeof plugin === 'string' ? { plugin } : {}),
    };
  }
  return { code: 'PLUGIN_HOOK_FAILED', message: (error as Error)?.message ?? String(error), cause: error };
}

function requiredTokens(plugin: InternalPlugin): { token: AnyToken; optional: boolean }[] {
  return Object.values(plugin.definition.requires ?? {}).map((r) =>
    isToken(r) ? { token: r, optional: false } : { token: (r as OptionalRequirement).token, optional: true },
  );
}

function toExtensionPlanNode(plugin: InternalPlugin) {
  return {
    name: plugin.name,
    declares: Object.values(plugin.definition.extensionPoints ?? {}).map((p) => p.id),
    contributes: Object.values(plugin.definition.contributes ?? {}).map((p) => ({ point: p.id, ownerPackage: p.owner?.package })),
  };
}

function ownedReferences(plugins: readonly InternalPlugin[], kernel: KernelDeclarations): OwnedReference[] {
  const token = (t: AnyToken, usedBy: string): OwnedReference => ({ kind: 'token', id: t.id, owner: t.owner, usedBy });
  const point = (p: AnyExtensionPoint, usedBy: string): OwnedReference => ({ kind: 'extension point', id: p.id, owner: p.owner, usedBy });
  const references = [...kernel.tokens.map((t) => token(t, 'kernel')), ...kernel.points.map((p) => point(p, 'kernel'))];
  for (const plugin of plugins) {
    const { definition, name } = plugin;
    references.push(...requiredTokens(plugin).map((r) => token(r.token, name)));
    references.push(...Object.values(definition.provides ?? {}).map((t) => token(t, name)));
    references.push(...Object.values(definition.extensionPoints ?? {}).map((p) => point(p, name)));
    references.push(...Object.values(definition.contributes ?? {}).map((p) => point(p, name)));
  }
  return references;
}

function parseOptions(plugin: InternalPlugin): { options: unknown; problem?: KernelProblem } {
  const schema = plugin.definition.options as z.ZodType | undefined;
  if (schema === undefined) return { options: plugin.rawOptions };
  const result = schema.safeParse(plugin.rawOptions ?? {});
  if (result.success) return { options: result.data };
  const issues = toValidationIssues(result.error);
  return {
    options: undefined,
    problem: {
      code: 'PLUGIN_OPTIONS_INVALID',
      plugin: plugin.name,
      message: `Plugin "${plugin.name}" options are invalid: ${describeIssues(issues)}.`,
    },
  };
}
