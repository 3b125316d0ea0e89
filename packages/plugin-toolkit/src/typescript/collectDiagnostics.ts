import ts from 'typescript';
import type { TypeScriptProject } from './loadTypeScriptProject.js';

/**
 * One compiler diagnostic, its place given relative to the workspace root.
 * @public
 */
export interface ToolkitDiagnostic {
  /** The file, relative to the root; `undefined` for a project-wide diagnostic. */
  readonly path?: string | undefined;
  /** 1-based line, when the diagnostic has a place. */
  readonly line?: number | undefined;
  /** 1-based column, when the diagnostic has a place. */
  readonly column?: number | undefined;
  /** Who reported it: `typescript` or the linter's name. */
  readonly source: string;
  /** The compiler's code (`TS2322` is 2322); absent for a linter. */
  readonly code?: number | undefined;
  /** The linter's rule (`lint/suspicious/noDebugger`); absent for the compiler. */
  readonly rule?: string | undefined;
  /** `error`, `warning`, `suggestion` or `message`. */
  readonly category: 'error' | 'warning' | 'suggestion' | 'message';
  /** The compiler's message, machine paths replaced by root-relative ones. */
  readonly message: string;
}

const categories: Readonly<Record<ts.DiagnosticCategory, ToolkitDiagnostic['category']>> = {
  [ts.DiagnosticCategory.Error]: 'error',
  [ts.DiagnosticCategory.Warning]: 'warning',
  [ts.DiagnosticCategory.Suggestion]: 'suggestion',
  [ts.DiagnosticCategory.Message]: 'message',
};

function toDiagnostic(project: TypeScriptProject, diagnostic: ts.Diagnostic): ToolkitDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').replaceAll(`${project.config.root.path}/`, '');
  const base = { source: 'typescript', code: diagnostic.code, category: categories[diagnostic.category], message };
  const file = diagnostic.file;
  if (file === undefined || diagnostic.start === undefined) return base;
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
  return { ...base, path: project.relativePath(file.fileName), line: line + 1, column: character + 1 };
}

/**
 * The syntactic and semantic diagnostics of `files` (all the project's files inside the root when
 * empty), in file order; checks `signal` between files, as the compiler itself cannot be interrupted.
 * @public
 */
export function collectDiagnostics(project: TypeScriptProject, files: readonly ts.SourceFile[], signal: AbortSignal): ToolkitDiagnostic[] {
  const { program } = project;
  const diagnostics: ToolkitDiagnostic[] = [];
  const add = (found: readonly ts.Diagnostic[]): void => {
    for (const diagnostic of found) {
      const converted = toDiagnostic(project, diagnostic);
      // Diagnostics in files outside the root (a library's types) are not the caller's to see.
      if (diagnostic.file === undefined || converted.path !== undefined) diagnostics.push(converted);
    }
  };
  add(program.getOptionsDiagnostics());
  add(program.getGlobalDiagnostics());
  for (const file of files) {
    signal.throwIfAborted();
    add(program.getSyntacticDiagnostics(file));
    add(program.getSemanticDiagnostics(file));
  }
  return diagnostics;
}
