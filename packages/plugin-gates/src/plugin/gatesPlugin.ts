import { createRequire } from 'node:module';
import { definePlugin, healthIndicatorToken, kernelExtensionPoints, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createGatesHealthIndicator } from './createGatesHealthIndicator.js';
import { createGatesCheckTool } from './gatesCheckTool.js';
import type { GatesPluginOptions, GatesPluginOptionsInput } from './GatesPluginOptions.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

const optionsSchema = z.object({
  contract: z.string().default('.eng/quality_gate.json'),
  reportsDir: z.string().default('.cache/reports'),
  /** Project root; default the process's working directory at start. */
  root: z.string().optional(),
  /** Whether failing gates make the runtime not ready. */
  critical: z.boolean().default(false),
  timeoutMs: z.number().int().positive().default(30_000),
});

// Compile-time proof that the schema and the option interfaces have not drifted apart.
true satisfies SchemaFits<GatesPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<GatesPluginOptionsInput, typeof optionsSchema>;

// Declared rather than inferred: the option types are public API, and an inferred zod type prints
// its members in an order that varies between builds.
const gatesPluginOptions: z.ZodType<GatesPluginOptions, GatesPluginOptionsInput> = optionsSchema;

/**
 * The gates as a Cortex-OS plugin: contributes the `gates:status` health indicator and the
 * `gates_check` tool, both reading the contract and reports the host configured.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [gatesPlugin({ contract: '.eng/quality_gate.json' })] });
 * await kernel.start();
 * const { structured } = await kernel.tools.call('gates_check', {});
 * ```
 * @public
 */
export const gatesPlugin: PluginFactory<z.ZodType<GatesPluginOptions, GatesPluginOptionsInput>> = definePlugin({
  name: 'gates',
  version: packageVersion,
  description: 'Quality gates as a health indicator and a tool.',
  options: gatesPluginOptions,
  provides: { health: healthIndicatorToken },
  // The tool is contributed: the kernel registers it once the plugin has started and removes it when it stops.
  contributes: { tools: kernelExtensionPoints.tools },
  start(ctx) {
    const root = resolve(ctx.options.root ?? process.cwd());
    const location = { contract: ctx.options.contract, reportsDir: ctx.options.reportsDir, root };
    return {
      tools: createGatesCheckTool(location),
      health: createGatesHealthIndicator({ ...location, critical: ctx.options.critical, timeoutMs: ctx.options.timeoutMs }),
    };
  },
});
