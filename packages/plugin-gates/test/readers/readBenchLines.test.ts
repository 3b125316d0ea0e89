import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benchMeasurements, parseBenchLines, readBenchLines } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

describe('readBenchLines', () => {
  it('picks the bench JSON lines out of the human table and logs', async () => {
    const records = await readBenchLines(fixturePath('bench/bench-output.txt'));
    expect(records?.map((r) => `${r.case}:${r.metric}@${r.line}`)).toEqual([
      'sqlite:p50@5',
      'sqlite:p95@6',
      'sqlite:error_rate@7',
      'pglite:p95@9',
      'pglite:error_rate@10',
    ]);
    expect(records?.[0]).toMatchObject({ baseline: 'orama', baselineValue: 260, ratio: 0.0465 });
  });

  it('converts p95 to milliseconds and error rates to percent, one measurement per case', async () => {
    const records = (await readBenchLines(fixturePath('bench/bench-output.txt')))!;
    expect(benchMeasurements('latency.p95', records, { metric: 'p95' }, 'b.txt').map((m) => [m.scope, m.value])).toEqual([
      ['memory.search/sqlite', 31.4],
      ['memory.search/pglite', 96],
    ]);
    expect(
      benchMeasurements('error.rate', records, { metric: 'error_rate', case: 'pglite' }, 'b.txt').map((m) => [m.scope, m.value]),
    ).toEqual([['memory.search/pglite', 0.4]]);
  });

  it('is unknown when no line matches, or the unit is not one it knows', () => {
    expect(benchMeasurements('latency.p95', [], { metric: 'p95', bench: 'router' }, 'b.txt')).toEqual([
      {
        gate: 'latency.p95',
        scope: 'total',
        scopeKind: 'total',
        value: null,
        source: 'b.txt',
        reason: 'no bench line with metric p95, bench router',
      },
    ]);
    const [rec] = parseBenchLines('{"bench":"b","case":"c","metric":"p95","unit":"ticks","value":3}', 'b.txt');
    expect(benchMeasurements('latency.p95', [rec!], { metric: 'p95' }, 'b.txt')[0]).toMatchObject({
      value: null,
      reason: 'unit "ticks" is not one of ns, us, µs, ms, s',
    });
  });

  it('names the line and field of a mistyped bench line', async () => {
    await expect(readBenchLines(fixturePath('bench/bench-bad-line.txt'))).rejects.toThrowError(
      /field line 2: value should be a finite number, got "fast"$/,
    );
    expect(() => parseBenchLines('{"bench": "x", ', 'b.txt')).toThrowError('report b.txt: field line 1 should be a complete JSON object');
  });

  it('finds exactly the bench lines, whatever non-JSON text surrounds them', () => {
    const record = fc.record({
      bench: fc.string(),
      case: fc.string(),
      metric: fc.string(),
      unit: fc.string(),
      value: fc.double({ noNaN: true, noDefaultInfinity: true }),
    });
    const noise = fc.string().filter((s) => !s.trimStart().startsWith('{') && !/[\r\n]/.test(s));
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            record.map((r) => ({ r })),
            noise.map((n) => ({ n })),
          ),
        ),
        (items) => {
          const text = items.map((i) => ('r' in i ? JSON.stringify(i.r) : i.n)).join('\n');
          const got = parseBenchLines(text, 'b.txt');
          const want = items.flatMap((i) => ('r' in i ? [JSON.parse(JSON.stringify(i.r.value)) as number] : []));
          expect(got.map((g) => g.value)).toEqual(want);
        },
      ),
      { seed: 13, numRuns: 200 },
    );
  });
});
