// Shared timing and reporting for every benchmark in bench/.
// Output: a human table, then one JSON line per figure (format in bench/README.md).

/**
 * True when `CORTEX_BENCH_SMOKE=1`: every benchmark shrinks its samples, rounds, durations and
 * data sets to a token size, so `scripts/bench-smoke.mjs` can run them all in the test suite and
 * catch a moved export or a broken harness. Smoke figures are meaningless and say so.
 */
export const smoke = process.env['CORTEX_BENCH_SMOKE'] === '1';

/** `full` in a real run, `tiny` in a smoke run. */
export function sized<T>(full: T, tiny: T): T {
  return smoke ? tiny : full;
}

/** How many times to sample: in a smoke run every sample size is capped here, whatever the bench asks. */
export interface SampleOptions {
  readonly iterations?: number;
  readonly warmup?: number;
  /** Calls per sample (the sample is their mean), for calls too fast to time one by one. */
  readonly batch?: number;
}

const SMOKE_ITERATIONS = 50;
const SMOKE_WARMUP = 5;

/** Runs `fn` `iterations` times after a warm-up and returns per-call nanoseconds, sorted. */
export function sampleSync(fn: () => unknown, { iterations = 20_000, warmup = 2_000, batch = 1 }: SampleOptions = {}): Float64Array {
  const runs = smoke ? Math.min(iterations, SMOKE_ITERATIONS) : iterations;
  const warm = smoke ? Math.min(warmup, SMOKE_WARMUP) : warmup;
  for (let i = 0; i < warm; i++) fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) fn();
    samples[i] = Number(process.hrtime.bigint() - start) / batch;
  }
  return samples.sort();
}

/** Like sampleSync for async functions. */
export async function sampleAsync(
  fn: () => Promise<unknown>,
  { iterations = 5_000, warmup = 500, batch = 1 }: SampleOptions = {},
): Promise<Float64Array> {
  const runs = smoke ? Math.min(iterations, SMOKE_ITERATIONS) : iterations;
  const warm = smoke ? Math.min(warmup, SMOKE_WARMUP) : warmup;
  for (let i = 0; i < warm; i++) await fn();
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) await fn();
    samples[i] = Number(process.hrtime.bigint() - start) / batch;
  }
  return samples.sort();
}

/** Percentile of sorted samples (p in 0..100); NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** One figure as a benchmark states it. */
export interface Figure {
  readonly case: string;
  readonly metric: string;
  readonly unit: string;
  /** The Cortex-OS figure. */
  readonly value: number;
  /** What a user would pick instead, measured in the same run; absent when there is no fair baseline. */
  readonly baseline?: string | null | undefined;
  readonly baselineValue?: number | null | undefined;
}

/** One JSON line of the output (the fields bench/README.md documents). */
export interface FigureLine {
  readonly bench: string;
  readonly case: string;
  readonly metric: string;
  readonly unit: string;
  readonly value: number;
  readonly baseline: string | null;
  readonly baselineValue: number | null;
  readonly ratio: number | null;
}

/** Collects a benchmark's figures and prints them. */
export interface Report {
  /** One figure, compared with the baseline a user would otherwise pick (measured in the same run). */
  add(figure: Figure): void;
  /** Prints the table (with `notes` above it), then one JSON line per figure. */
  print(notes?: readonly string[]): void;
}

/** Collects figures and prints them as a table followed by JSON lines. */
export function createReport(bench: string): Report {
  const rows: FigureLine[] = [];
  return {
    add({ case: name, metric, unit, value, baseline = null, baselineValue = null }) {
      const ratio = baselineValue === null || baselineValue === 0 ? null : value / baselineValue;
      rows.push({
        bench,
        case: name,
        metric,
        unit,
        value: round(value),
        baseline,
        baselineValue: baselineValue === null ? null : round(baselineValue),
        ratio: ratio === null ? null : round(ratio),
      });
    },
    print(notes = []) {
      printTable(bench, rows, smoke ? ['SMOKE RUN (CORTEX_BENCH_SMOKE=1): token sizes, the figures mean nothing', ...notes] : notes);
      for (const r of rows) console.log(JSON.stringify(r));
    },
  };
}

function printTable(bench: string, rows: readonly FigureLine[], notes: readonly string[]): void {
  const header = ['case', 'metric', 'value', 'baseline', 'baseline value', 'ratio'];
  const table = rows.map((r) => [
    r.case,
    r.metric,
    `${r.value} ${r.unit}`,
    r.baseline ?? '-',
    r.baselineValue === null ? '-' : `${r.baselineValue} ${r.unit}`,
    r.ratio === null ? '-' : `${r.ratio}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n${bench}`);
  for (const note of notes) console.log(`  ${note}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  console.log('');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
