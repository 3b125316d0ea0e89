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

/** Samples a smoke run takes at most, whatever the bench asks. */
function capped(iterations: number): number {
  return smoke ? Math.min(iterations, SMOKE_ITERATIONS) : iterations;
}

/** Warm-up calls a smoke run makes at most. */
function cappedWarmup(warmup: number): number {
  return smoke ? Math.min(warmup, SMOKE_WARMUP) : warmup;
}

/** Writes `count` samples of `fn` into `into` from `offset`: per-call nanoseconds, each the mean of `batch` calls. */
function fillSync(fn: () => unknown, into: Float64Array, offset: number, count: number, batch: number): void {
  for (let i = offset; i < offset + count; i++) {
    const start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) fn();
    into[i] = Number(process.hrtime.bigint() - start) / batch;
  }
}

/** Like fillSync for async functions (each call awaited before the next). */
async function fillAsync(fn: () => Promise<unknown>, into: Float64Array, offset: number, count: number, batch: number): Promise<void> {
  for (let i = offset; i < offset + count; i++) {
    const start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) await fn();
    into[i] = Number(process.hrtime.bigint() - start) / batch;
  }
}

/** Runs `fn` `iterations` times after a warm-up and returns per-call nanoseconds, sorted. */
export function sampleSync(fn: () => unknown, { iterations = 20_000, warmup = 2_000, batch = 1 }: SampleOptions = {}): Float64Array {
  for (let i = 0; i < cappedWarmup(warmup); i++) fn();
  const samples = new Float64Array(capped(iterations));
  fillSync(fn, samples, 0, samples.length, batch);
  return samples.sort();
}

/** Like sampleSync for async functions. */
export async function sampleAsync(
  fn: () => Promise<unknown>,
  { iterations = 5_000, warmup = 500, batch = 1 }: SampleOptions = {},
): Promise<Float64Array> {
  for (let i = 0; i < cappedWarmup(warmup); i++) await fn();
  const samples = new Float64Array(capped(iterations));
  await fillAsync(fn, samples, 0, samples.length, batch);
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
  // Three decimals, or three significant digits below 0.1: a ratio of 0.00004 (0.12 ms against
  // 2.8 s) must not print, or reach the JSON line, as 0.
  if (value !== 0 && Math.abs(value) < 0.1) return Number(value.toPrecision(3));
  return Math.round(value * 1000) / 1000;
}

/** The median of some numbers (the mean of the two middle ones for an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One run of a comparison: both sides' samples, sorted per-call nanoseconds. */
export interface ComparisonRun {
  readonly ours: Float64Array;
  readonly baseline: Float64Array;
}

/** How a comparison samples: {@link SampleOptions} per side and per run, and how finely the two sides interleave. */
export interface CompareOptions extends SampleOptions {
  /**
   * Each run samples both sides in this many alternating chunks, so that a change in the
   * machine's load during a run (other jobs on a shared core) falls on both sides alike.
   * @defaultValue 10
   */
  readonly chunks?: number;
}

/** One step of a comparison: `count` samples of one side, written into its run from `from`. */
interface ComparisonStep {
  readonly run: number;
  readonly side: 'baseline' | 'ours';
  readonly from: number;
  readonly count: number;
}

/**
 * The steps of a comparison, in the order they run: each run is `chunks` slices of `iterations`
 * per side, and the side that opens a slice alternates from slice to slice and from run to run.
 */
function comparisonPlan(iterations: number, chunks: number, runs: number): ComparisonStep[] {
  const count = Math.max(1, Math.min(chunks, iterations));
  const steps: ComparisonStep[] = [];
  for (let run = 0; run < runs; run++) {
    for (let c = 0; c < count; c++) {
      const from = Math.round((c * iterations) / count);
      const size = Math.round(((c + 1) * iterations) / count) - from;
      const sides = (run + c) % 2 === 0 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const);
      for (const side of sides) steps.push({ run, side, from, count: size });
    }
  }
  return steps;
}

function emptyRuns(runs: number, iterations: number): Array<Record<ComparisonStep['side'], Float64Array>> {
  return Array.from({ length: runs }, () => ({ baseline: new Float64Array(iterations), ours: new Float64Array(iterations) }));
}

/**
 * Samples `baseline` and `ours` in `runs` consecutive runs (three unless told). Both sides are
 * warmed first; within a run they alternate in chunks (see {@link CompareOptions.chunks}), so
 * neither always gets the warmer or the dirtier heap, nor a quieter moment of the machine.
 */
export function compareSync(baseline: () => unknown, ours: () => unknown, options: CompareOptions = {}, runs = 3): ComparisonRun[] {
  const { iterations = 20_000, warmup = 2_000, batch = 1, chunks = 10 } = options;
  for (let i = 0; i < cappedWarmup(warmup); i++) {
    baseline();
    ours();
  }
  const samples = emptyRuns(runs, capped(iterations));
  for (const step of comparisonPlan(capped(iterations), chunks, runs))
    fillSync(step.side === 'baseline' ? baseline : ours, samples[step.run]?.[step.side] as Float64Array, step.from, step.count, batch);
  return samples.map((run) => ({ baseline: run.baseline.sort(), ours: run.ours.sort() }));
}

/** Like compareSync for async functions. */
export async function compareAsync(
  baseline: () => Promise<unknown>,
  ours: () => Promise<unknown>,
  options: CompareOptions = {},
  runs = 3,
): Promise<ComparisonRun[]> {
  const { iterations = 5_000, warmup = 500, batch = 1, chunks = 10 } = options;
  for (let i = 0; i < cappedWarmup(warmup); i++) {
    await baseline();
    await ours();
  }
  const samples = emptyRuns(runs, capped(iterations));
  for (const step of comparisonPlan(capped(iterations), chunks, runs))
    await fillAsync(
      step.side === 'baseline' ? baseline : ours,
      samples[step.run]?.[step.side] as Float64Array,
      step.from,
      step.count,
      batch,
    );
  return samples.map((run) => ({ baseline: run.baseline.sort(), ours: run.ours.sort() }));
}

/** What {@link addComparisonRuns} found for one percentile. */
export interface ComparisonSummary {
  readonly percentile: number;
  /** The median of the runs' ratios (ours / baseline). */
  readonly medianRatio: number;
  /** Each run's ratio, in run order. */
  readonly ratios: readonly number[];
  /** Largest deviation of one run's percentile from the runs' median, in %, the worse of the two sides. */
  readonly spreadPercent: number;
}

function spreadOf(values: readonly number[]): number {
  const middle = median(values);
  return middle === 0 ? 0 : Math.max(...values.map((v) => Math.abs(v - middle) / middle)) * 100;
}

/**
 * Adds a comparison measured over consecutive runs. Per percentile: one line (`p50`) with the
 * median of the runs' ratios, whose value and baseline value are that median run's; one line
 * per run (`p50 run 2/3`); and `p50 spread`, the largest deviation of a run's percentile from
 * the runs' median in % (the worse of the two sides), which says whether the sample was big enough.
 */
export function addComparisonRuns(
  report: Report,
  figure: { readonly case: string; readonly unit: string; readonly baseline: string },
  runs: readonly ComparisonRun[],
  percentiles: readonly number[] = [50, 99],
): ComparisonSummary[] {
  return percentiles.map((p) => {
    const pairs = runs.map((run) => ({ value: percentile(run.ours, p), baselineValue: percentile(run.baseline, p) }));
    const ratios = pairs.map((pair) => pair.value / pair.baselineValue);
    const medianRatio = median(ratios);
    // With an odd count the median is one run's ratio: report that run's figures.
    const middle = pairs[ratios.indexOf([...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)] as number)] ?? pairs[0];
    if (middle !== undefined) report.add({ ...figure, metric: `p${p}`, ...middle });
    pairs.forEach((pair, i) => {
      report.add({ ...figure, metric: `p${p} run ${i + 1}/${runs.length}`, ...pair });
    });
    const spreadPercent = Math.max(spreadOf(pairs.map((x) => x.value)), spreadOf(pairs.map((x) => x.baselineValue)));
    report.add({ case: figure.case, metric: `p${p} spread`, unit: '%', value: spreadPercent });
    return { percentile: p, medianRatio, ratios, spreadPercent };
  });
}
