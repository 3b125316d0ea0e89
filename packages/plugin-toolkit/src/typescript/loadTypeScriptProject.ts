import { dirname, relative, sep } from 'node:path';
import ts from 'typescript';
import { ToolkitError } from '../errors/ToolkitError.js';
import type { WorkspacePath, WorkspaceRoots } from '../paths/WorkspaceRoots.js';

/**
 * A TypeScript project loaded inside a workspace root, as `validate` and `codemap` use it.
 * @public
 */
export interface TypeScriptProject {
  /** The tsconfig file. */
  readonly config: WorkspacePath;
  /** The compiler's program over the project's files (no emit). */
  readonly program: ts.Program;
  /** The project's own source files inside the root (declaration files and files outside the root left out). */
  readonly files: readonly ts.SourceFile[];
  /** A compiler path as a root-relative `/` path, or undefined when it lies outside the root. */
  relativePath(fileName: string): string | undefined;
}

/** The last program per tsconfig, per set of roots (so a stopped plugin's programs go with its roots). */
const lastPrograms = new WeakMap<WorkspaceRoots, Map<string, ts.Program>>();
const MAX_REMEMBERED = 8;

function remember(roots: WorkspaceRoots, config: string, program: ts.Program): void {
  let programs = lastPrograms.get(roots);
  if (programs === undefined) {
    programs = new Map();
    lastPrograms.set(roots, programs);
  }
  programs.delete(config);
  programs.set(config, program);
  // The oldest project is forgotten first.
  if (programs.size > MAX_REMEMBERED) programs.delete(programs.keys().next().value as string);
}

function invalid(path: string, reason: string): ToolkitError {
  return ToolkitError.create('TOOLKIT_PROJECT_INVALID', { path, reason }, { details: { path } });
}

/** The compiler's message for a config diagnostic, with the root's machine path taken out. */
function describe(diagnostic: ts.Diagnostic, root: string): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replaceAll(root, '.');
}

/**
 * Loads the tsconfig at `project` (confined to its root) into a program. The compiler reads what
 * the project references (lib files, types in node_modules); callers report only files inside the root.
 * @throws {@link ToolkitError} `TOOLKIT_PROJECT_INVALID`, or a `TOOLKIT_PATH_*` code for the tsconfig path.
 * @public
 */
export async function loadTypeScriptProject(roots: WorkspaceRoots, project: string, root?: string): Promise<TypeScriptProject> {
  const config = await roots.resolve(project, { root });
  const rootPath = config.root.path;
  const read = ts.readConfigFile(config.absolute, ts.sys.readFile);
  if (read.error !== undefined) throw invalid(config.relative, describe(read.error, rootPath));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(config.absolute), undefined, config.absolute);
  const fatal = parsed.errors.find((error) => error.category === ts.DiagnosticCategory.Error && error.code !== 18003);
  if (fatal !== undefined) throw invalid(config.relative, describe(fatal, rootPath));
  const relativePath = (fileName: string): string | undefined => {
    const rel = relative(rootPath, fileName);
    return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? undefined : rel.split(sep).join('/');
  };
  // The last program of this project is handed back to the compiler, which reuses every source
  // file that did not change (the lib files above all): a second call costs a fraction of the first.
  const previous = lastPrograms.get(roots)?.get(config.absolute);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: { ...parsed.options, noEmit: true },
    ...(previous === undefined ? {} : { oldProgram: previous }),
  });
  remember(roots, config.absolute, program);
  const files = program
    .getSourceFiles()
    .filter(
      (file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && relativePath(file.fileName) !== undefined,
    );
  if (files.length === 0) throw invalid(config.relative, 'it lists no source files inside the workspace root');
  return { config, program, files, relativePath };
}
