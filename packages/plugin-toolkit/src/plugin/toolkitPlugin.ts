import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';
import { createWorkspaceRoots } from '../paths/WorkspaceRoots.js';
import { createCodemodTool } from './createCodemodTool.js';
import { createMultiSearchTool, createSearchTool } from './createSearchTools.js';
import { createCodemapTool, createValidateTool } from './createTypeScriptTools.js';
import { selectSearchEngine } from './selectSearchEngine.js';
import type { ToolkitPluginOptions, ToolkitPluginOptionsInput } from './ToolkitPluginOptions.js';
import type { ToolkitRuntime } from './ToolkitRuntime.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

const positive = z.number().int().positive();
const optionsSchema = z.object({
  roots: z
    .array(z.union([z.string().min(1), z.object({ path: z.string().min(1), name: z.string().min(1).optional() })]))
    .min(1)
    .readonly()
    .default(['.']),
  engine: z.enum(['auto', 'ripgrep', 'builtin']).default('auto'),
  ripgrepPath: z.string().min(1).optional(),
  timeoutMs: positive.default(10_000),
  killGraceMs: positive.default(2000),
  maxResults: positive.max(1000).default(100),
  maxFileBytes: positive.default(1_048_576),
  maxLineChars: positive.default(400),
  maxOutputTokens: positive.min(256).default(8000),
  breakerThreshold: positive.default(5),
  breakerHalfOpenAfterMs: positive.default(30_000),
  linters: z
    .record(
      z.string().min(1),
      z.object({
        command: z.string().min(1),
        args: z.array(z.string()).readonly().optional(),
        format: z.enum(['biome-json', 'eslint-json']),
      }),
    )
    .default({}),
});

// Compile-time proof that the schema and the option interfaces have not drifted apart.
true satisfies SchemaFits<ToolkitPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<ToolkitPluginOptionsInput, typeof optionsSchema>;

// Declared rather than inferred: the option types are public API.
/**
 * The options schema of {@link toolkitPlugin}: validate a configuration with it before assembling (`@cortex-os/runtime`'s `loadRuntimeConfig`).
 * @public
 */
export const toolkitPluginOptions: z.ZodType<ToolkitPluginOptions, ToolkitPluginOptionsInput> = optionsSchema;

/**
 * The agent toolkit as a Cortex-OS plugin: contributes `toolkit.search`, `toolkit.multi_search`,
 * `toolkit.codemod`, `toolkit.validate` and `toolkit.codemap`
 * to the kernel's tool registry (so MCP, REST and in-process callers reach them alike), each
 * confined to the workspace roots, with a time limit, an output budget and a circuit breaker.
 *
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [toolkitPlugin({ roots: [{ path: '.', name: 'repo' }] })] });
 * await kernel.start();
 * const { structured } = await kernel.tools.call('toolkit.search', { pattern: 'defineTool\\(', include: ['*.ts'] });
 * ```
 * @public
 */
export const toolkitPlugin: PluginFactory<z.ZodType<ToolkitPluginOptions, ToolkitPluginOptionsInput>> = definePlugin({
  name: 'toolkit',
  version: packageVersion,
  description: 'Coding-agent tools (search, multi_search, codemod, validate, codemap) confined to workspace roots.',
  options: toolkitPluginOptions,
  contributes: { tools: kernelExtensionPoints.tools },
  async start({ options, logger }) {
    const roots = await createWorkspaceRoots(options.roots.map((root) => (typeof root === 'string' ? { path: root } : root)));
    const engine = await selectSearchEngine({
      engine: options.engine,
      ripgrepPath: options.ripgrepPath,
      killGraceMs: options.killGraceMs,
      logger,
    });
    const runtime: ToolkitRuntime = {
      search: { roots, engine, maxFileBytes: options.maxFileBytes, maxLineChars: options.maxLineChars },
      limits: {
        timeoutMs: options.timeoutMs,
        breakerThreshold: options.breakerThreshold,
        breakerHalfOpenAfterMs: options.breakerHalfOpenAfterMs,
      },
      maxResults: options.maxResults,
      maxOutputTokens: options.maxOutputTokens,
      linters: options.linters,
    };
    return {
      tools: [
        createSearchTool(runtime),
        createMultiSearchTool(runtime),
        createValidateTool(runtime),
        createCodemapTool(runtime),
        createCodemodTool(runtime),
      ],
    };
  },
});
