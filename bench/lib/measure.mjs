// Shared timing and reporting for every benchmark in bench/.
// Output: a human table, then one JSON line per figure (format in bench/README.md).

/** Runs `fn` `iterations` times after a warm-up and returns per-call nanoseconds, sorted. */
export function sampleSync(fn, { iterations = 20_000, warmup = 2_000, batch = 1 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) fn();
    samples[i] = Number(process.hrtime.bigint() - start) / batch;
  }
  return samples.sort();
}

/** Like sampleSync for async functions. */
export async function sampleAsync(fn, { iterations = 5_000, warmup = 500, batch = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    for (let b = 0; b < batch; b++) await fn();
    samples[i] = Number(process.hrtime.bigint() - start) / batch;
  }
  return samples.sort();
}

/** Percentile of sorted samples (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Collects figures and prints them as a table followed by JSON lines. */
export function createReport(bench) {
  const rows = [];
  return {
    /** One figure, compared with the baseline a user would otherwise pick (measured in the same run). */
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
      const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
      console.log(`\n${bench}`);
      for (const note of notes) console.log(`  ${note}`);
      console.log(line(header));
      console.log(widths.map((w) => '-'.repeat(w)).join('  '));
      for (const row of table) console.log(line(row));
      console.log('');
      for (const r of rows) console.log(JSON.stringify(r));
    },
  };
}

function round(value) {
  return Math.round(value * 1000) / 1000;
}
