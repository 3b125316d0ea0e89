import { resolve } from 'node:path';
import { loadQualityGateContract } from '../contract/parseQualityGateContract.js';
import type { QualityGateContract } from '../contract/QualityGateContract.js';
import { enforceGates, type GateCheckResult } from '../enforce/enforceGates.js';
import { applyRatchet, type GateBaselineChange } from '../ratchet/applyRatchet.js';
import { readGateBaseline, writeGateBaseline } from '../ratchet/GateBaseline.js';
import type { ReadinessResult } from '../rubric/runReadinessRubric.js';
import { collectGateMetrics } from './collectGateMetrics.js';

/**
 * Options of {@link runGatesCheck}.
 * @public
 */
export interface RunGatesCheckOptions {
  /** Path of `quality_gate.json`. */
  readonly contract: string;
  /** Folder the contract's report paths are relative to; default `<root>/.cache/reports`. */
  readonly reportsDir?: string;
  /** Project root; default the current directory. */
  readonly root?: string;
  /** Raise the committed baseline where a measurement is better (never lowers it). */
  readonly update?: boolean;
  /** Aborts rubric commands. */
  readonly signal?: AbortSignal;
}

/**
 * Everything a check found.
 * @public
 */
export interface GatesCheckOutcome {
  /** The validated contract. */
  readonly contract: QualityGateContract;
  /** The verdict, ratchet included. */
  readonly check: GateCheckResult;
  /** The baseline file read (and written with `update`). */
  readonly baselineFile: string;
  /** Baseline values raised by `update`. */
  readonly baselineChanges: readonly GateBaselineChange[];
  /** The rubric run, if any. */
  readonly readiness?: ReadinessResult;
}

/**
 * Loads the contract, reads every report, enforces the gates and the ratchet, and with `update`
 * writes the raised baseline.
 *
 * @throws {@link GatesError} for a bad contract, baseline or rubric, or an unreadable report.
 * @public
 */
export async function runGatesCheck(options: RunGatesCheckOptions): Promise<GatesCheckOutcome> {
  const root = resolve(options.root ?? process.cwd());
  const contract = await loadQualityGateContract(resolve(root, options.contract));
  const collected = await collectGateMetrics(contract, {
    root,
    reportsDir: options.reportsDir ?? '.cache/reports',
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const baselineFile = resolve(root, contract.baseline);
  const baseline = await readGateBaseline(baselineFile);
  const ratchet = applyRatchet(enforceGates(collected.metrics, contract), contract, baseline, { update: options.update === true });
  if (options.update === true && ratchet.changes.length > 0) await writeGateBaseline(baselineFile, ratchet.baseline);
  return {
    contract,
    check: ratchet.check,
    baselineFile,
    baselineChanges: ratchet.changes,
    ...(collected.readiness === undefined ? {} : { readiness: collected.readiness }),
  };
}
