import { createRequire } from 'node:module';
import { z } from 'zod';
import type { PluginFactory, SchemaFits } from '@cortex-os/kernel';
import { defineProviderPlugin } from '@cortex-os/provider-kit';
import { createMcpSamplingProvider, type McpSamplingProviderOptions } from '../sampling/McpSamplingProvider.js';

const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

const optionsSchema = z.strictObject({
  name: z.string().min(1).exactOptional(),
  defaultMaxTokens: z.int().positive().exactOptional(),
  relativeCost: z.number().nonnegative().exactOptional(),
});

true satisfies SchemaFits<McpSamplingProviderOptions, typeof optionsSchema>;

const samplingPluginOptions: z.ZodType<McpSamplingProviderOptions, McpSamplingProviderOptions> = optionsSchema;

/**
 * Plugin that gives the router {@link createMcpSamplingProvider}: inside an MCP tool call, the
 * calling client's model (MCP sampling) becomes one more generating provider.
 *
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), mcpPlugin({ stdio: true }), mcpSamplingPlugin()] });
 * ```
 * @public
 */
export const mcpSamplingPlugin: PluginFactory<z.ZodType<McpSamplingProviderOptions, McpSamplingProviderOptions | undefined>> =
  defineProviderPlugin({
    name: 'mcp-sampling',
    version: packageVersion,
    description: "The calling MCP client's model as a generating provider (MCP sampling, with tools).",
    options: samplingPluginOptions.default({}),
    create: (options) => createMcpSamplingProvider(options),
  });
