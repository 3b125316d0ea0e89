import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, optional, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { metricsRegistryToken } from '@cortex-os/plugin-http';
import { Gauge } from 'prom-client';
import { z } from 'zod';
import { sloListSchema } from '../slo/sloSchema.js';
import { createSloRulesTool } from './createSloRulesTool.js';
import type { SloPluginOptions, SloPluginOptionsInput } from './SloPluginOptions.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

const optionsSchema = z
  .object({
    slos: sloListSchema.default([]),
    job: z.string().min(1).optional(),
    runbookBaseUrl: z.string().min(1).optional(),
  })
  .strict();

true satisfies SchemaFits<SloPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<SloPluginOptionsInput, typeof optionsSchema>;

/**
 * The options schema of {@link sloPlugin} (also the `slo` slot of a runtime configuration).
 * @public
 */
export const sloPluginOptions: z.ZodType<SloPluginOptions, SloPluginOptionsInput> = optionsSchema;

/**
 * SLOs declared in configuration: contributes the `slo.rules` tool (the Prometheus rules that
 * compute SLIs, burn rates and the error budget left) and, with the HTTP plugin's metrics,
 * exports each objective as `cortex_slo_objective_ratio{slo,sli}` for dashboards.
 *
 * @example
 * ```ts
 * sloPlugin({ slos: [{ name: 'search', tool: 'memory.search', errors: { objective: 0.999 } }] });
 * ```
 * @public
 */
export const sloPlugin: PluginFactory<typeof sloPluginOptions> = definePlugin({
  name: 'slo',
  version: packageVersion,
  description: 'Service level objectives: Prometheus SLI, burn-rate and error-budget rules, and the objectives as metrics.',
  options: sloPluginOptions,
  requires: { metrics: optional(metricsRegistryToken) },
  contributes: { tools: kernelExtensionPoints.tools },
  start({ options, deps }) {
    if (deps.metrics !== undefined) {
      const objectives = new Gauge({
        name: 'cortex_slo_objective_ratio',
        help: 'The objective of each SLO indicator: the share of requests or calls that must be good over its window.',
        labelNames: ['slo', 'sli'] as const,
        registers: [deps.metrics],
      });
      for (const slo of options.slos) {
        if (slo.errors !== undefined) objectives.set({ slo: slo.name, sli: 'errors' }, slo.errors.objective);
        if (slo.latency !== undefined) objectives.set({ slo: slo.name, sli: 'latency' }, slo.latency.objective);
      }
    }
    const rules = {
      ...(options.job === undefined ? {} : { job: options.job }),
      ...(options.runbookBaseUrl === undefined ? {} : { runbookBaseUrl: options.runbookBaseUrl }),
    };
    return { tools: [createSloRulesTool(options.slos, rules)] };
  },
});
