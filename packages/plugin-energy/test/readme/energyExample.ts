import { createKernel, createLogger } from '@cortex-os/kernel';
import { energyPlugin, type EnergyReport } from '@cortex-os/plugin-energy';
import { httpPlugin, metricsRegistryToken } from '@cortex-os/plugin-http';

/** Runs `work` in a runtime with energy accounting; returns the report and the energy lines of `/metrics`. */
export async function measure(work: (call: (tool: string, input: object) => Promise<unknown>) => Promise<void>) {
  const kernel = createKernel({
    plugins: [
      httpPlugin({ port: 0, listen: 'manual' }),
      // RAPL where readable (root, or a powercap tree made readable); else CPU time × 10 W per core.
      energyPlugin({ wattsPerCore: 10, gridIntensityGramsPerKwh: 250 }),
    ],
    logger: createLogger({ level: 'silent' }),
  });
  await kernel.start();
  try {
    await work((tool, input) => kernel.tools.call(tool, input));
    const { structured } = await kernel.tools.call('energy.report', {});
    const metrics = await kernel.get(metricsRegistryToken).metrics();
    return {
      report: structured as EnergyReport,
      lines: metrics.split('\n').filter((line) => line.startsWith('cortex_energy_')),
    };
  } finally {
    await kernel.stop();
  }
}
