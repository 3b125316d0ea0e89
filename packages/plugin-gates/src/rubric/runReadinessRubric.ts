import { spawn } from 'node:child_process';
import { GatesError } from '../errors/GatesError.js';
import { toGatesIssues } from '../contract/parseQualityGateContract.js';
import { readJsonFile } from '../util/readJsonFile.js';
import type { GateMeasurement } from '../readers/GateMeasurement.js';
import { readinessRubricSchema, type ReadinessRubric, type ReadinessRubricItem } from './ReadinessRubric.js';

/**
 * The outcome of one rubric item.
 * @public
 */
export interface ReadinessItemResult {
  /** Item id. */
  readonly id: string;
  /** Item title. */
  readonly title: string;
  /** Item weight. */
  readonly weight: number;
  /** True when the command exited 0 in time. */
  readonly passed: boolean;
  /** The command's exit code; `null` when it was killed or could not start. */
  readonly exitCode: number | null;
  /** True when the command was killed at its timeout. */
  readonly timedOut: boolean;
  /** How long the command ran. */
  readonly durationMs: number;
  /** The last 2 000 characters of stdout and stderr, for the report. */
  readonly output: string;
}

/**
 * The outcome of a whole rubric: weighted score in percent and every item.
 * @public
 */
export interface ReadinessResult {
  /** The rubric file. */
  readonly source: string;
  /** Passed weight over total weight, in percent. */
  readonly score: number;
  /** Every item, in rubric order. */
  readonly items: readonly ReadinessItemResult[];
}

/**
 * Options of {@link runReadinessRubric}.
 * @public
 */
export interface RunReadinessRubricOptions {
  /** Working directory of every command (normally the project root). */
  readonly cwd: string;
  /** The rubric file, named in the result. */
  readonly source?: string;
  /** Aborts the running command and fails the remaining items. */
  readonly signal?: AbortSignal;
}

const outputLimit = 2_000;

function runItem(item: ReadinessRubricItem, cwd: string, signal: AbortSignal | undefined): Promise<ReadinessItemResult> {
  const started = performance.now();
  const [cmd, args] = typeof item.run === 'string' ? ['/bin/sh', ['-c', item.run]] : [item.run[0] as string, item.run.slice(1)];
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let settled = false;
    const done = (exitCode: number | null, extra = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      output = (output + extra).slice(-outputLimit);
      resolve({
        id: item.id,
        title: item.title,
        weight: item.weight,
        passed: exitCode === 0 && !timedOut,
        exitCode,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        output,
      });
    };
    // Its own process group, so a timeout kills the shell and everything it started.
    const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const onAbort = (): void => killGroup();
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, item.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-outputLimit);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => done(null, `could not start ${cmd}: ${error.message}`));
    child.on('close', (code) => done(code, timedOut ? `\ntimed out after ${item.timeoutMs} ms` : ''));
  });
}

/**
 * Runs every item's command in turn (each with its timeout); an item passes when its command exits 0.
 * The score is the passed weight over the total weight, in percent.
 * @public
 */
export async function runReadinessRubric(rubric: ReadinessRubric, options: RunReadinessRubricOptions): Promise<ReadinessResult> {
  const items: ReadinessItemResult[] = [];
  for (const item of rubric.items) {
    if (options.signal?.aborted === true) {
      items.push({
        id: item.id,
        title: item.title,
        weight: item.weight,
        passed: false,
        exitCode: null,
        timedOut: false,
        durationMs: 0,
        output: 'aborted',
      });
      continue;
    }
    items.push(await runItem(item, options.cwd, options.signal));
  }
  const total = items.reduce((n, i) => n + i.weight, 0);
  const passed = items.reduce((n, i) => n + (i.passed ? i.weight : 0), 0);
  return { source: options.source ?? '(inline rubric)', score: (passed / total) * 100, items };
}

/**
 * Validates a parsed rubric.
 *
 * @throws {@link GatesError} `GATES_RUBRIC_INVALID` naming the file and the field.
 * @public
 */
export function parseReadinessRubric(value: unknown, file = '(inline rubric)'): ReadinessRubric {
  const result = readinessRubricSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = toGatesIssues(result.error.issues);
  throw new GatesError(
    'GATES_RUBRIC_INVALID',
    `rubric ${file} is invalid:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
    { details: { file, field: issues[0]?.path, issues } },
  );
}

/**
 * Reads and validates a rubric file.
 *
 * @throws {@link GatesError} `GATES_RUBRIC_INVALID` when it is missing, not JSON or not a rubric.
 * @public
 */
export async function loadReadinessRubric(file: string): Promise<ReadinessRubric> {
  const value = await readJsonFile(file, { code: 'GATES_RUBRIC_INVALID', kind: 'rubric' });
  return parseReadinessRubric(value, file);
}

/**
 * The operational-readiness measurement of a rubric run.
 * @public
 */
export function readinessMeasurements(result: ReadinessResult): GateMeasurement[] {
  const failed = result.items.filter((i) => !i.passed).map((i) => (i.timedOut ? `${i.id} (timed out)` : i.id));
  return [
    {
      gate: 'ops.readiness',
      scope: 'total',
      scopeKind: 'total',
      value: result.score,
      source: result.source,
      field: 'items',
      reason: failed.length === 0 ? `all ${result.items.length} items pass` : `failing: ${failed.join(', ')}`,
    },
  ];
}
