import { defineTool, type ToolDefinition, type ToolResult, toolResult } from '@cortex-os/kernel';
import { applyToolOutputBudget } from '@cortex-os/kernel/router';
import type { z } from 'zod';
import { buildCodemap } from '../typescript/buildCodemap.js';
import { runLinter } from '../lint/runLinter.js';
import { collectDiagnostics, type ToolkitDiagnostic } from '../typescript/collectDiagnostics.js';
import { loadTypeScriptProject } from '../typescript/loadTypeScriptProject.js';
import { fitListToOutputBudget } from './fitToOutputBudget.js';
import type { ToolkitRuntime } from './ToolkitRuntime.js';
import { ToolkitToolGuard } from './ToolkitToolGuard.js';
import {
  type CodemapToolInput,
  type CodemapToolOutput,
  codemapToolInputSchema,
  codemapToolOutputSchema,
  type ValidateToolInput,
  type ValidateToolOutput,
  validateToolInputSchema,
  validateToolOutputSchema,
} from './typescriptToolSchemas.js';

// Room left in the budget for the fields around the list and the text summary.
const RESERVED_TOKENS = 128;
const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

/**
 * The `toolkit.validate` tool: TypeScript diagnostics for a project's files, from the compiler API
 * in-process (never a project script).
 * @public
 */
export function createValidateTool(
  runtime: ToolkitRuntime,
): ToolDefinition<z.ZodType<ValidateToolInput, ValidateToolInput>, z.ZodType<ValidateToolOutput, ValidateToolOutput>> {
  const guard = new ToolkitToolGuard('toolkit.validate', runtime.limits);
  return defineTool({
    name: 'toolkit.validate',
    description:
      'Type-checks a TypeScript project (or some of its files) with the compiler API, and runs allow-listed linters, returning their diagnostics with paths relative to the workspace root.',
    input: validateToolInputSchema,
    output: validateToolOutputSchema,
    annotations: { title: 'Type-check TypeScript', ...readOnly },
    handler: (input, ctx) => guard.run(ctx.signal, (signal) => runValidate(runtime, input, signal)),
  });
}

/** The compiler's diagnostics (unless switched off), then each allow-listed linter's, fitted to the budget. */
async function runValidate(
  runtime: ToolkitRuntime,
  input: ValidateToolInput,
  signal: AbortSignal,
): Promise<ToolResult<ValidateToolOutput>> {
  const roots = runtime.search.roots;
  const wanted = await Promise.all((input.paths ?? []).map((path) => roots.resolve(path, { root: input.root })));
  const all: ToolkitDiagnostic[] = [];
  let files = wanted.length;
  let project: string | undefined;
  if (input.typescript !== false) {
    const loaded = await loadTypeScriptProject(roots, input.project ?? 'tsconfig.json', input.root);
    const checked =
      wanted.length === 0 ? loaded.files : loaded.files.filter((file) => wanted.some((path) => path.absolute === file.fileName));
    all.push(...collectDiagnostics(loaded, checked, signal));
    files = checked.length;
    project = loaded.config.relative;
  }
  const root = roots.root(input.root);
  const lintPaths = wanted.length === 0 ? ['.'] : wanted.map((path) => path.relative);
  for (const linter of input.linters ?? []) all.push(...(await runLinter(runtime.linters, linter, root, lintPaths, signal)));
  const limit = input.maxDiagnostics ?? 200;
  const fitted = fitListToOutputBudget(all.slice(0, limit), runtime.maxOutputTokens, RESERVED_TOKENS);
  const errors = all.filter((diagnostic) => diagnostic.category === 'error').length;
  const structured: ValidateToolOutput = {
    root: root.name,
    ...(project === undefined ? {} : { project }),
    files,
    errors,
    diagnostics: fitted.items,
    truncated: fitted.truncated || all.length > limit,
  };
  const text = `${errors} errors, ${all.length} diagnostics in ${files} files`;
  return toolResult(
    applyToolOutputBudget('toolkit.validate', { structured, content: [{ type: 'text', text }] }, { maxTokens: runtime.maxOutputTokens })
      .output,
  );
}

/**
 * The `toolkit.codemap` tool: a TypeScript project's modules, their exports and imports, from the compiler API.
 * @public
 */
export function createCodemapTool(
  runtime: ToolkitRuntime,
): ToolDefinition<z.ZodType<CodemapToolInput, CodemapToolInput>, z.ZodType<CodemapToolOutput, CodemapToolOutput>> {
  const guard = new ToolkitToolGuard('toolkit.codemap', runtime.limits);
  return defineTool({
    name: 'toolkit.codemap',
    description:
      "Maps a TypeScript project's modules: each file's exports (with their kinds) and imports (with the file they resolve to), paths relative to the workspace root.",
    input: codemapToolInputSchema,
    output: codemapToolOutputSchema,
    annotations: { title: 'Map a TypeScript project', ...readOnly },
    handler: (input, ctx) =>
      guard.run(ctx.signal, async (signal) => {
        const project = await loadTypeScriptProject(runtime.search.roots, input.project ?? 'tsconfig.json', input.root);
        const scope = input.path === undefined ? '.' : (await runtime.search.roots.resolve(input.path, { root: input.root })).relative;
        const modules = buildCodemap(project, scope, signal);
        const limit = input.maxModules ?? 200;
        const fitted = fitListToOutputBudget(modules.slice(0, limit), runtime.maxOutputTokens, RESERVED_TOKENS);
        const structured: CodemapToolOutput = {
          root: project.config.root.name,
          project: project.config.relative,
          modules: fitted.items,
          truncated: fitted.truncated || modules.length > limit,
        };
        const text = `${fitted.items.length} of ${modules.length} modules`;
        return toolResult(
          applyToolOutputBudget(
            'toolkit.codemap',
            { structured, content: [{ type: 'text', text }] },
            { maxTokens: runtime.maxOutputTokens },
          ).output,
        );
      }),
  });
}
