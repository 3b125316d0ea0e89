import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';
import type { CodemapModule } from '../typescript/buildCodemap.js';
import type { ToolkitDiagnostic } from '../typescript/collectDiagnostics.js';

/**
 * Input of `toolkit.validate`.
 * @public
 */
export interface ValidateToolInput {
  /** The workspace root, by name; default the first. */
  readonly root?: string | undefined;
  /** The tsconfig, relative to the root; default `tsconfig.json`. */
  readonly project?: string | undefined;
  /** Files to check, relative to the root; default every file of the project inside the root. */
  readonly paths?: readonly string[] | undefined;
  /** Most diagnostics returned, 1–1000; default 200. */
  readonly maxDiagnostics?: number | undefined;
  /** Run the TypeScript compiler; default `true`. */
  readonly typescript?: boolean | undefined;
  /** Allow-listed linters to run too (names from the plugin option `linters`). */
  readonly linters?: readonly string[] | undefined;
}

/**
 * Output of `toolkit.validate`.
 * @public
 */
export interface ValidateToolOutput {
  /** The workspace root's name. */
  readonly root: string;
  /** The tsconfig, relative to the root; absent when the compiler did not run. */
  readonly project?: string | undefined;
  /** Files checked. */
  readonly files: number;
  /** Errors among all diagnostics found (before the limit). */
  readonly errors: number;
  /** Diagnostics, in file order. */
  readonly diagnostics: readonly ToolkitDiagnostic[];
  /** True when the limit or the output budget cut the list. */
  readonly truncated: boolean;
}

/**
 * Input of `toolkit.codemap`.
 * @public
 */
export interface CodemapToolInput {
  /** The workspace root, by name; default the first. */
  readonly root?: string | undefined;
  /** The tsconfig, relative to the root; default `tsconfig.json`. */
  readonly project?: string | undefined;
  /** Only modules in this folder or file, relative to the root; default all. */
  readonly path?: string | undefined;
  /** Most modules returned, 1–2000; default 200. */
  readonly maxModules?: number | undefined;
}

/**
 * Output of `toolkit.codemap`.
 * @public
 */
export interface CodemapToolOutput {
  /** The workspace root's name. */
  readonly root: string;
  /** The tsconfig, relative to the root. */
  readonly project: string;
  /** Modules, by path. */
  readonly modules: readonly CodemapModule[];
  /** True when the limit or the output budget cut the list. */
  readonly truncated: boolean;
}

const base = { root: z.string().min(1).optional(), project: z.string().min(1).optional() };
const validateInput = z.strictObject({
  ...base,
  paths: z.array(z.string().min(1)).min(1).max(200).readonly().optional(),
  maxDiagnostics: z.number().int().min(1).max(1000).optional(),
  typescript: z.boolean().optional(),
  linters: z.array(z.string().min(1)).max(10).readonly().optional(),
});
const codemapInput = z.strictObject({
  ...base,
  path: z.string().min(1).optional(),
  maxModules: z.number().int().min(1).max(2000).optional(),
});
const diagnostic = z.object({
  path: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  source: z.string(),
  code: z.number().int().optional(),
  rule: z.string().optional(),
  category: z.enum(['error', 'warning', 'suggestion', 'message']),
  message: z.string(),
});
const validateOutput = z.object({
  root: z.string(),
  project: z.string().optional(),
  files: z.number().int(),
  errors: z.number().int(),
  diagnostics: z.array(diagnostic).readonly(),
  truncated: z.boolean(),
});
const exportKind = z.enum(['function', 'class', 'interface', 'type', 'enum', 'variable', 'namespace', 'other']);
const codemapModule = z.object({
  path: z.string(),
  exports: z.array(z.object({ name: z.string(), kind: exportKind })).readonly(),
  imports: z.array(z.object({ specifier: z.string(), resolved: z.string().nullable(), names: z.array(z.string()).readonly() })).readonly(),
});
const codemapOutput = z.object({
  root: z.string(),
  project: z.string(),
  modules: z.array(codemapModule).readonly(),
  truncated: z.boolean(),
});

// Compile-time proof that the schemas and the declared types have not drifted apart.
true satisfies SchemaFits<ValidateToolInput, typeof validateInput>;
true satisfies SchemaFits<ValidateToolOutput, typeof validateOutput>;
true satisfies SchemaFits<CodemapToolInput, typeof codemapInput>;
true satisfies SchemaFits<CodemapToolOutput, typeof codemapOutput>;

/**
 * Schema of `toolkit.validate`'s input.
 * @public
 */
export const validateToolInputSchema: z.ZodType<ValidateToolInput, ValidateToolInput> = validateInput;
/**
 * Schema of `toolkit.validate`'s output.
 * @public
 */
export const validateToolOutputSchema: z.ZodType<ValidateToolOutput, ValidateToolOutput> = validateOutput;
/**
 * Schema of `toolkit.codemap`'s input.
 * @public
 */
export const codemapToolInputSchema: z.ZodType<CodemapToolInput, CodemapToolInput> = codemapInput;
/**
 * Schema of `toolkit.codemap`'s output.
 * @public
 */
export const codemapToolOutputSchema: z.ZodType<CodemapToolOutput, CodemapToolOutput> = codemapOutput;
