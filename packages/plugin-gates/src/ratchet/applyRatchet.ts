import { isAtLeastAsGood } from '../contract/gateCatalogue.js';
import type { QualityGateContract } from '../contract/QualityGateContract.js';
import { resolveGateSettings } from '../contract/resolveGateSettings.js';
import { formatGateValue, type GateCheckResult, type GateResult, type GateViolation } from '../enforce/enforceGates.js';
import { baselineKey, type GateBaseline, type GateBaselineEntry } from './GateBaseline.js';

/**
 * A baseline value that moved (always to a better one).
 * @public
 */
export interface GateBaselineChange {
  /** Baseline key: `gate` or `gate@scope`. */
  readonly key: string;
  /** The previous baseline, `null` when there was none. */
  readonly from: number | null;
  /** The new (better) baseline. */
  readonly to: number;
}

/**
 * What {@link applyRatchet} returns: the check with ratchet violations added, the baseline to
 * keep (raised where `update` allowed it) and what moved.
 * @public
 */
export interface GateRatchetOutcome {
  /** The check with ratchet violations added. */
  readonly check: GateCheckResult;
  /** The baseline to keep; differs from the input only where `update` raised it. */
  readonly baseline: GateBaseline;
  /** Every raised value. */
  readonly changes: readonly GateBaselineChange[];
}

/**
 * Compares each known measurement with its committed baseline. A measurement worse than the
 * baseline by more than the gate's tolerance is a `ratchet` violation. With `update`, a better
 * measurement (or a first one) raises the baseline; a baseline never moves to a worse value —
 * lowering one is a deliberate edit of the committed file.
 * @public
 */
export function applyRatchet(
  check: GateCheckResult,
  contract: QualityGateContract,
  baseline: GateBaseline,
  options: { readonly update: boolean },
): GateRatchetOutcome {
  const gates: Record<string, GateBaselineEntry> = { ...baseline.gates };
  const changes: GateBaselineChange[] = [];
  const violations: GateViolation[] = [...check.violations];
  const results: GateResult[] = [];
  for (const r of check.results) {
    const settings = resolveGateSettings(contract, r.gate, r.scope, r.scopeKind);
    const key = baselineKey(r.gate, r.scope);
    const before = gates[key]?.value;
    if (settings === undefined || !settings.ratchet || r.measured === null) {
      results.push(before === undefined ? r : { ...r, baseline: before });
      continue;
    }
    const measured = r.measured;
    const tol = settings.tolerance;
    const floor = before === undefined ? undefined : r.direction === 'min' ? before - tol : before + tol;
    let status = r.status;
    if (floor !== undefined && !isAtLeastAsGood(r.gate, measured, floor)) {
      const severity = settings.level === 'required' ? 'error' : 'warning';
      if (severity === 'error') status = 'fail';
      else if (status === 'pass') status = 'warn';
      violations.push({
        gate: r.gate,
        scope: r.scope,
        kind: 'ratchet',
        severity,
        threshold: floor,
        measured,
        unit: r.unit,
        source: r.source,
        ...(r.field === undefined ? {} : { field: r.field }),
        message: `${r.scope === 'total' ? r.gate : `${r.gate} [${r.scope}]`} fell to ${formatGateValue(measured, r.unit)} from the baseline ${formatGateValue(before ?? null, r.unit)} (tolerance ${tol})`,
      });
    } else if (options.update && (before === undefined || (isAtLeastAsGood(r.gate, measured, before) && measured !== before))) {
      gates[key] = { value: measured, unit: r.unit };
      changes.push({ key, from: before ?? null, to: measured });
    }
    const kept = gates[key]?.value;
    results.push(kept === undefined ? { ...r, status } : { ...r, status, baseline: kept });
  }
  return {
    check: { passed: violations.every((v) => v.severity !== 'error'), results, violations },
    baseline: { version: 1, gates },
    changes,
  };
}
