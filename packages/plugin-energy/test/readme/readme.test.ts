import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measure } from './energyExample.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README "Use it"', () => {
  it('shows the example exactly as it runs here', () => {
    expect(read('../../README.md')).toContain(`\`\`\`ts\n${read('./energyExample.ts')}\`\`\``);
  });

  it('reports energy from the source it names, and exports the metrics it documents', async () => {
    const { report, lines } = await measure(async (call) => {
      await call('energy.report', {});
    });
    expect(['rapl', 'estimate']).toContain(report.source);
    expect(report.joules).toBeGreaterThanOrEqual(0);
    expect(report.carbonGrams).toBeCloseTo((report.joules / 3.6e6) * 250, 12);
    const names = new Set(lines.map((line) => line.replace(/[{ ].*$/, '')));
    expect([...names].sort()).toEqual([
      'cortex_energy_carbon_grams_total',
      'cortex_energy_joules_per_cpu_second',
      'cortex_energy_joules_total',
      'cortex_energy_tool_joules_total',
    ]);
  });
});
