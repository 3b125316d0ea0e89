import type { GateId } from './gateCatalogue.js';
import type { GateSettings, QualityGateContract } from './QualityGateContract.js';

/**
 * The settings that apply to one gate in one scope: the project-wide gate merged with the
 * package override for `scope`, or `undefined` when nothing in the contract checks it.
 *
 * @remarks
 * A package scope is checked only when the contract has an override for that package: the
 * project-wide threshold is about the whole project, not about each part of it.
 * @public
 */
export function resolveGateSettings(
  contract: QualityGateContract,
  gate: GateId,
  scope: string,
  scopeKind: 'total' | 'package' | 'case',
): GateSettings | undefined {
  const base = contract.gates[gate];
  const override =
    scopeKind === 'package' && (gate === 'coverage.lines' || gate === 'coverage.branches' || gate === 'mutation.score')
      ? contract.packages[scope]?.[gate]
      : undefined;
  if (scopeKind === 'package' && override === undefined) return undefined;
  if (base === undefined && override?.min === undefined) return undefined;
  const threshold = override?.min ?? (base !== undefined && 'min' in base ? base.min : base?.max);
  if (threshold === undefined) return undefined;
  const target = override?.target ?? base?.target;
  return {
    threshold,
    level: override?.level ?? base?.level ?? 'required',
    onUnknown: override?.onUnknown ?? base?.onUnknown ?? 'fail',
    tolerance: override?.tolerance ?? base?.tolerance ?? 0,
    ratchet: override?.ratchet ?? base?.ratchet ?? true,
    ...(target === undefined ? {} : { target }),
  };
}
