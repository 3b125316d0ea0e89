import { createRequire } from 'node:module';
import { httpServiceToken } from '@cortex-os/http-api';
import { definePlugin, kernelExtensionPoints, optional, type PluginFactory, powerModeToken, type SchemaFits } from '@cortex-os/kernel';
import { metricsRegistryToken } from '@cortex-os/plugin-http';
import { z } from 'zod';
import { EnergyMeter } from '../meter/EnergyMeter.js';
import { attributeCallEnergy } from '../metrics/attributeCallEnergy.js';
import { createEnergyMetrics } from '../metrics/EnergyMetrics.js';
import { exportPowerMode } from '../metrics/exportPowerMode.js';
import { createPowerModeTool } from '../power/createPowerModeTool.js';
import { mountPowerModeRoutes } from '../power/mountPowerModeRoutes.js';
import { PowerModeSwitch } from '../power/PowerModeSwitch.js';
import { createEnergyReportTool } from './createEnergyReportTool.js';
import type { EnergyPluginOptions, EnergyPluginOptionsInput } from './EnergyPluginOptions.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

const optionsSchema = z.object({
  powercapRoot: z.string().min(1).default('/sys/class/powercap'),
  rapl: z.boolean().default(true),
  wattsPerCore: z.number().positive().max(1000).default(10),
  gridIntensityGramsPerKwh: z.number().nonnegative().max(10_000).optional(),
  powerMode: z.enum(['normal', 'low-power']).default('normal'),
  lowPower: z
    .strictObject({
      maxBatchInputs: z.number().int().min(1).max(100_000).default(256),
      generationsAtOnce: z.number().int().min(1).max(1024).default(1),
    })
    .default({ maxBatchInputs: 256, generationsAtOnce: 1 }),
});

// Compile-time proof that the schema and the option interfaces have not drifted apart.
true satisfies SchemaFits<EnergyPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<EnergyPluginOptionsInput, typeof optionsSchema>;

/**
 * The options schema of {@link energyPlugin} (also the `energy` slot of `loadRuntimeConfig`).
 * @public
 */
export const energyPluginOptions: z.ZodType<EnergyPluginOptions, EnergyPluginOptionsInput> = optionsSchema;

/**
 * Energy accounting: opens an {@link EnergyMeter} (RAPL where readable, else the CPU-time
 * estimate), contributes the `energy.report` tool, and — with the HTTP plugin's metrics — exports
 * `cortex_energy_*` metrics and charges each tool call, provider call and HTTP route its energy.
 * Provides the runtime's power mode (`powerModeToken`), switched by the `energy.powerMode` tool and
 * `PUT {restBasePath}/energy/power-mode`.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [httpPlugin({ port: 0 }), energyPlugin({ gridIntensityGramsPerKwh: 300 })] });
 * await kernel.start();
 * const { structured } = await kernel.tools.call('energy.report', {});
 * ```
 * @public
 */
export const energyPlugin: PluginFactory<typeof energyPluginOptions> = definePlugin({
  name: 'energy',
  version: packageVersion,
  description:
    'Energy accounting: RAPL or a CPU-time estimate, Prometheus joules and carbon, energy per tool call, provider call and route; the runtime power mode.',
  options: energyPluginOptions,
  requires: { metrics: optional(metricsRegistryToken), http: optional(httpServiceToken) },
  provides: { power: powerModeToken },
  contributes: { tools: kernelExtensionPoints.tools },
  async start({ options, deps, tools, logger, lifecycle }) {
    const power = new PowerModeSwitch(
      options.powerMode,
      (error) => logger.warn({ err: error }, 'a power-mode listener failed'),
      options.lowPower,
    );
    power.onChange((mode) => logger.info({ mode }, 'power mode switched'));
    if (deps.http !== undefined) mountPowerModeRoutes(deps.http, power);
    const meter = await EnergyMeter.open({
      rapl: options.rapl,
      powercap: { root: options.powercapRoot },
      wattsPerCore: options.wattsPerCore,
      ...(options.gridIntensityGramsPerKwh === undefined ? {} : { gridIntensityGramsPerKwh: options.gridIntensityGramsPerKwh }),
    });
    const problems = (await meter.report()).problems;
    logger.info(
      { source: meter.source, problems: problems.map((p) => `${p.domain}: ${p.problem}`) },
      meter.source === 'rapl' ? 'energy measured from RAPL' : 'energy estimated from CPU time (RAPL not readable)',
    );
    if (deps.metrics !== undefined) {
      const remove = tools.intercept(createEnergyMetrics(meter, deps.metrics).toolInterceptor);
      const stopAttributing = attributeCallEnergy(meter, deps.metrics);
      exportPowerMode(power, deps.metrics);
      lifecycle.onStopping(() => {
        remove();
        stopAttributing();
      });
    }
    return { power, tools: [createEnergyReportTool(meter), createPowerModeTool(power)] };
  },
});
