import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { httpPlugin, metricsRegistryToken } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { energyPlugin } from '@cortex-os/plugin-energy';
import { PowercapTree } from '../support/powercapTree.js';

const busy = defineTool({
  name: 'test.busy',
  description: 'Burns CPU for a fixed number of iterations.',
  input: z.object({ iterations: z.number().int() }),
  handler: ({ iterations }) => {
    let x = 0;
    for (let i = 0; i < iterations; i += 1) x += Math.sqrt(i);
    return { content: [{ type: 'text', text: String(x > 0) }] };
  },
});

const metricValue = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('energyPlugin', () => {
  it('exports joules and carbon, charges tool calls their energy, and reports through energy.report', async () => {
    await using tree = await PowercapTree.create();
    await using kernel = createKernel({
      plugins: [
        httpPlugin({ port: 0, listen: 'manual', metrics: { defaultMetrics: false } }),
        energyPlugin({ powercapRoot: tree.root, wattsPerCore: 20, gridIntensityGramsPerKwh: 400 }),
      ],
      logger: createLogger({ level: 'silent' }),
    });
    kernel.tools.register(busy);
    await kernel.start();
    await kernel.tools.call('test.busy', { iterations: 3_000_000 });
    const text = await kernel.get(metricsRegistryToken).metrics();
    const toolJoules = metricValue(text, 'cortex_energy_tool_joules_total{tool="test.busy",source="estimate"}');
    expect(toolJoules).toBeGreaterThan(0);
    const joules = metricValue(text, 'cortex_energy_joules_total{source="estimate"}') ?? 0;
    expect(joules).toBeGreaterThanOrEqual(toolJoules ?? 0);
    expect(metricValue(text, 'cortex_energy_joules_per_cpu_second{source="estimate"}')).toBe(20);
    expect(metricValue(text, 'cortex_energy_carbon_grams_total{source="estimate"}')).toBeCloseTo((joules / 3.6e6) * 400, 10);

    const { structured } = await kernel.tools.call('energy.report', {});
    expect(structured).toMatchObject({ source: 'estimate', joulesPerCpuSecond: 20, problems: [] });
    expect((structured as { joules: number }).joules).toBeGreaterThanOrEqual(joules);
  });

  it('runs without the HTTP plugin: the tool answers, no interceptor', async () => {
    await using kernel = createKernel({ plugins: [energyPlugin({ rapl: false })], logger: createLogger({ level: 'silent' }) });
    await kernel.start();
    const result = await kernel.tools.call('energy.report', {});
    expect(result.structured).toMatchObject({ source: 'estimate', joulesPerCpuSecond: 10 });
    expect(result.content[0]).toMatchObject({ type: 'text' });
  });

  it('rejects options out of range, naming the key', () => {
    expect(() => createKernel({ plugins: [energyPlugin({ wattsPerCore: -1 })] })).toThrow(/wattsPerCore/);
  });
});
