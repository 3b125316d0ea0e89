import { gateCatalogue, gateIds, isAtLeastAsGood, type GateId } from '../contract/gateCatalogue.js';
import type { QualityGateContract } from '../contract/QualityGateContract.js';
import { resolveGateSettings } from '../contract/resolveGateSettings.js';
import type { GateMeasurement } from '../readers/GateMeasurement.js';

/**
 * The verdict on one gate in one scope.
 * @public
 */
export interface GateResult {
  /** The gate. */
  readonly gate: GateId;
  /** `total`, a package folder, or a bench `bench/case`. */
  readonly scope: string;
  /** What kind of scope `scope` is. */
  readonly scopeKind: 'total' | 'package' | 'case';
  /** `warn` for a warn-level violation or an unknown measurement the contract only warns about. */
  readonly status: 'pass' | 'fail' | 'warn';
  /** The measured value; `null` when unknown. */
  readonly measured: number | null;
  /** The threshold that applies in this scope. */
  readonly threshold: number;
  /** `min`: at least the threshold; `max`: at most. */
  readonly direction: 'min' | 'max';
  /** Unit of the measurement and threshold. */
  readonly unit: '%' | 'count' | 'ms';
  /** Whether a violation fails the check or only warns. */
  readonly level: 'required' | 'warn';
  /** The report file. */
  readonly source: string;
  /** Where in the report the value came from. */
  readonly field?: string;
  /** How the value was derived, or why it is unknown. */
  readonly reason?: string;
  /** Where the threshold is heading (never enforced). */
  readonly target?: number;
  /** The committed ratchet baseline, once {@link applyRatchet} has run. */
  readonly baseline?: number;
}

/**
 * One broken rule: a threshold not met, a measurement that is unknown, or a ratchet that slipped.
 * @public
 */
export interface GateViolation {
  /** The gate. */
  readonly gate: GateId;
  /** `total`, a package folder, or a bench `bench/case`. */
  readonly scope: string;
  /** `threshold` not met, `unknown` measurement, or `ratchet` slipped. */
  readonly kind: 'threshold' | 'unknown' | 'ratchet';
  /** `error` fails the check; `warning` is reported only. */
  readonly severity: 'error' | 'warning';
  /** The threshold (or, for `ratchet`, the baseline less the tolerance) that was not met. */
  readonly threshold: number | null;
  /** The measured value; `null` when unknown. */
  readonly measured: number | null;
  /** Unit of the measurement and threshold. */
  readonly unit: '%' | 'count' | 'ms';
  /** The report file, or `(none)`. */
  readonly source: string;
  /** Where in the report the value came from. */
  readonly field?: string;
  /** One line for humans. */
  readonly message: string;
}

/**
 * The outcome of a check: passed when no violation has severity `error`.
 * @public
 */
export interface GateCheckResult {
  /** True when no violation has severity `error`. */
  readonly passed: boolean;
  /** One verdict per gate and scope. */
  readonly results: readonly GateResult[];
  /** Every violation, errors and warnings. */
  readonly violations: readonly GateViolation[];
}

/**
 * Formats a measured value with its unit for messages and tables.
 * @public
 */
export function formatGateValue(value: number | null, unit: '%' | 'count' | 'ms'): string {
  if (value === null) return 'unknown';
  if (unit === 'count') return String(value);
  const text = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return unit === '%' ? `${text}%` : `${text} ms`;
}

function scopeOrder(a: GateMeasurement, b: GateMeasurement): number {
  if (a.scope === b.scope) return 0;
  if (a.scope === 'total') return -1;
  if (b.scope === 'total') return 1;
  return a.scope < b.scope ? -1 : 1;
}

/**
 * Checks measurements against a contract and lists every violation with gate, threshold, measured
 * value and source file. Configured gates with no measurement count as unknown.
 *
 * @remarks
 * Monotonic: making any measurement better never turns a passing check into a failing one.
 * @public
 */
export function enforceGates(metrics: readonly GateMeasurement[], contract: QualityGateContract): GateCheckResult {
  const results: GateResult[] = [];
  const violations: GateViolation[] = [];
  for (const gate of gateIds) {
    const info = gateCatalogue[gate];
    const measurements = metrics.filter((m) => m.gate === gate);
    const wanted: GateMeasurement[] = [...measurements];
    if (contract.gates[gate] !== undefined && !measurements.some((m) => m.scopeKind !== 'package'))
      wanted.push({ gate, scope: 'total', scopeKind: 'total', value: null, source: '(none)', reason: `no ${info.report} report was read` });
    if (info.perPackage)
      for (const [pkg, overrides] of Object.entries(contract.packages)) {
        if ((overrides as Partial<Record<GateId, unknown>>)[gate] === undefined) continue;
        if (!measurements.some((m) => m.scopeKind === 'package' && m.scope === pkg))
          wanted.push({
            gate,
            scope: pkg,
            scopeKind: 'package',
            value: null,
            source: '(none)',
            reason: `no ${info.report} report was read`,
          });
      }
    for (const m of wanted.sort(scopeOrder)) {
      const settings = resolveGateSettings(contract, gate, m.scope, m.scopeKind);
      if (settings === undefined) continue;
      const measured = m.value !== null && Number.isFinite(m.value) ? m.value : null;
      const base = {
        gate,
        scope: m.scope,
        scopeKind: m.scopeKind,
        measured,
        threshold: settings.threshold,
        direction: info.direction,
        unit: info.unit,
        level: settings.level,
        source: m.source,
        ...(m.field === undefined ? {} : { field: m.field }),
        ...(m.reason === undefined ? {} : { reason: m.reason }),
        ...(settings.target === undefined ? {} : { target: settings.target }),
      };
      const where = m.scope === 'total' ? gate : `${gate} [${m.scope}]`;
      const bound = `${info.direction === 'min' ? '>=' : '<='} ${formatGateValue(settings.threshold, info.unit)}`;
      if (measured === null) {
        const severity = settings.level === 'warn' || settings.onUnknown === 'warn' ? 'warning' : 'error';
        results.push({ ...base, status: severity === 'error' ? 'fail' : 'warn' });
        violations.push({
          gate,
          scope: m.scope,
          kind: 'unknown',
          severity,
          threshold: settings.threshold,
          measured: null,
          unit: info.unit,
          source: m.source,
          ...(m.field === undefined ? {} : { field: m.field }),
          message: `${where} is unknown (${m.reason ?? 'no value'}); the contract says ${settings.onUnknown} on unknown`,
        });
      } else if (isAtLeastAsGood(gate, measured, settings.threshold)) {
        results.push({ ...base, status: 'pass' });
      } else {
        const severity = settings.level === 'required' ? 'error' : 'warning';
        results.push({ ...base, status: severity === 'error' ? 'fail' : 'warn' });
        violations.push({
          gate,
          scope: m.scope,
          kind: 'threshold',
          severity,
          threshold: settings.threshold,
          measured,
          unit: info.unit,
          source: m.source,
          ...(m.field === undefined ? {} : { field: m.field }),
          message: `${where} is ${formatGateValue(measured, info.unit)}, the contract wants ${bound}`,
        });
      }
    }
  }
  return { passed: violations.every((v) => v.severity !== 'error'), results, violations };
}
