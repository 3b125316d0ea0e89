import { defineTool, type SchemaFits, type ToolDefinition, toolResult } from '@cortex-os/kernel';
import { applyToolOutputBudget } from '@cortex-os/kernel/router';
import { z } from 'zod';
import { runCodemod } from '../codemod/runCodemod.js';
import type { ToolkitRuntime } from './ToolkitRuntime.js';
import { ToolkitToolGuard } from './ToolkitToolGuard.js';

/**
 * Input of `toolkit.codemod`.
 * @public
 */
export interface CodemodToolInput {
  /** The workspace root, by name; default the first. */
  readonly root?: string | undefined;
  /** ast-grep pattern: code with `$NAME` (one node) and `$$$NAME` (any number) metavariables. */
  readonly pattern: string;
  /** The replacement, using the pattern's metavariables. */
  readonly rewrite: string;
  /** The folder or file to rewrite, relative to the root; default `.`. */
  readonly path?: string | undefined;
  /** Only files matching one of these globs; default every `.ts`, `.tsx`, `.js`, … file. */
  readonly include?: readonly string[] | undefined;
  /** Skip files and folders matching any of these globs. */
  readonly exclude?: readonly string[] | undefined;
  /** Write the files (atomically, rolled back together on failure); default `false`, a dry run. */
  readonly apply?: boolean | undefined;
  /** Most files changed in one call, 1–500; default 100. */
  readonly maxFiles?: number | undefined;
}

/**
 * Output of `toolkit.codemod`.
 * @public
 */
export interface CodemodToolOutput {
  /** The workspace root's name. */
  readonly root: string;
  /** True when the files were written. */
  readonly applied: boolean;
  /** Files changed (or to change), with their number of replacements. */
  readonly files: readonly { readonly path: string; readonly replacements: number }[];
  /** Unified diff of the change, cut to the output budget. */
  readonly diff: string;
  /** True when more files would change than `maxFiles` let through, or the diff was cut. */
  readonly truncated: boolean;
}

const input = z.strictObject({
  root: z.string().min(1).optional(),
  pattern: z.string().min(1).max(2000),
  rewrite: z.string().max(10_000),
  path: z.string().min(1).optional(),
  include: z.array(z.string().min(1)).max(50).readonly().optional(),
  exclude: z.array(z.string().min(1)).max(50).readonly().optional(),
  apply: z.boolean().optional(),
  maxFiles: z.number().int().min(1).max(500).optional(),
});
const output = z.object({
  root: z.string(),
  applied: z.boolean(),
  files: z.array(z.object({ path: z.string(), replacements: z.number().int() })).readonly(),
  diff: z.string(),
  truncated: z.boolean(),
});

// Compile-time proof that the schemas and the declared types have not drifted apart.
true satisfies SchemaFits<CodemodToolInput, typeof input>;
true satisfies SchemaFits<CodemodToolOutput, typeof output>;

const CODE_FILES = ['*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs'];
// Room left in the budget for the file list and the text summary.
const RESERVED_CHARS = 2048;

/**
 * The `toolkit.codemod` tool: structural search-and-replace on TypeScript and JavaScript with
 * ast-grep. A dry run (the default) returns a unified diff; `apply` writes each file atomically and
 * restores the files already written if one fails. Declared destructive, so approval rules apply.
 * @public
 */
export function createCodemodTool(
  runtime: ToolkitRuntime,
): ToolDefinition<z.ZodType<CodemodToolInput, CodemodToolInput>, z.ZodType<CodemodToolOutput, CodemodToolOutput>> {
  const guard = new ToolkitToolGuard('toolkit.codemod', runtime.limits);
  return defineTool({
    name: 'toolkit.codemod',
    description:
      'Structural search-and-replace on TypeScript/JavaScript (ast-grep patterns with $VAR metavariables). Dry run by default, returning a unified diff; apply: true writes the files atomically.',
    input,
    output,
    annotations: {
      title: 'Rewrite code structurally',
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
    handler: (call, ctx) =>
      guard.run(ctx.signal, async (signal) => {
        const outcome = await runCodemod(
          runtime.search,
          {
            root: call.root,
            pattern: call.pattern,
            rewrite: call.rewrite,
            path: call.path ?? '.',
            include: call.include ?? CODE_FILES,
            exclude: call.exclude ?? [],
            apply: call.apply ?? false,
            maxFiles: call.maxFiles ?? 100,
          },
          signal,
        );
        const room = runtime.maxOutputTokens * 4 - RESERVED_CHARS - JSON.stringify(outcome.files).length;
        const cut = outcome.diff.length > room;
        const diff = cut ? `${outcome.diff.slice(0, Math.max(0, room))}\n… diff cut to the output budget\n` : outcome.diff;
        const structured: CodemodToolOutput = { ...outcome, diff, truncated: outcome.truncated || cut };
        const replacements = outcome.files.reduce((sum, file) => sum + file.replacements, 0);
        const text = `${outcome.applied ? 'applied' : 'dry run'}: ${replacements} replacements in ${outcome.files.length} files`;
        return toolResult(
          applyToolOutputBudget(
            'toolkit.codemod',
            { structured, content: [{ type: 'text', text }] },
            { maxTokens: runtime.maxOutputTokens },
          ).output,
        );
      }),
  });
}
