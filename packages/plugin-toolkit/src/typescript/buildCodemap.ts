import { resolve } from 'node:path';
import ts from 'typescript';
import type { TypeScriptProject } from './loadTypeScriptProject.js';

/**
 * What kind of thing a module exports.
 * @public
 */
export type CodemapExportKind = 'function' | 'class' | 'interface' | 'type' | 'enum' | 'variable' | 'namespace' | 'other';

/**
 * One import (or re-export) of a module.
 * @public
 */
export interface CodemapImport {
  /** The module specifier as written. */
  readonly specifier: string;
  /** The file it resolves to, relative to the root; `null` for a package or a file outside the root. */
  readonly resolved: string | null;
  /** Names imported (`default`, `* as x` as `*`); empty for a side-effect import. */
  readonly names: readonly string[];
}

/**
 * One module of the map.
 * @public
 */
export interface CodemapModule {
  /** The file, relative to the root. */
  readonly path: string;
  /** Its exports by name, sorted. */
  readonly exports: readonly { readonly name: string; readonly kind: CodemapExportKind }[];
  /** Its imports and re-exports, in source order. */
  readonly imports: readonly CodemapImport[];
}

const kinds: Partial<Record<ts.SyntaxKind, CodemapExportKind>> = {
  [ts.SyntaxKind.FunctionDeclaration]: 'function',
  [ts.SyntaxKind.ClassDeclaration]: 'class',
  [ts.SyntaxKind.InterfaceDeclaration]: 'interface',
  [ts.SyntaxKind.TypeAliasDeclaration]: 'type',
  [ts.SyntaxKind.EnumDeclaration]: 'enum',
  [ts.SyntaxKind.VariableDeclaration]: 'variable',
  [ts.SyntaxKind.ModuleDeclaration]: 'namespace',
};

function exportsOf(checker: ts.TypeChecker, file: ts.SourceFile): CodemapModule['exports'] {
  const symbol = checker.getSymbolAtLocation(file);
  if (symbol === undefined) return [];
  return checker
    .getExportsOfModule(symbol)
    .map((exported) => {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = target.declarations?.[0];
      return { name: exported.name, kind: (declaration === undefined ? undefined : kinds[declaration.kind]) ?? 'other' };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function importedNames(statement: ts.ImportDeclaration | ts.ExportDeclaration): string[] {
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    if (clause === undefined) return ['*'];
    return ts.isNamedExports(clause) ? clause.elements.map((element) => (element.propertyName ?? element.name).text) : ['*'];
  }
  const clause = statement.importClause;
  if (clause === undefined) return [];
  const names = clause.name === undefined ? [] : ['default'];
  const bindings = clause.namedBindings;
  if (bindings !== undefined) {
    if (ts.isNamespaceImport(bindings)) names.push('*');
    else names.push(...bindings.elements.map((element) => (element.propertyName ?? element.name).text));
  }
  return names;
}

function importsOf(project: TypeScriptProject, file: ts.SourceFile): CodemapImport[] {
  const options = project.program.getCompilerOptions();
  return file.statements.flatMap((statement) => {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) return [];
    const specifier = statement.moduleSpecifier;
    if (specifier === undefined || !ts.isStringLiteral(specifier)) return [];
    const resolution = ts.resolveModuleName(specifier.text, file.fileName, options, ts.sys).resolvedModule;
    const external = resolution === undefined || resolution.isExternalLibraryImport === true;
    const resolved = external ? undefined : project.relativePath(resolve(resolution.resolvedFileName));
    return [{ specifier: specifier.text, resolved: resolved ?? null, names: importedNames(statement) }];
  });
}

/**
 * A map of the project's modules inside `scope` (a root-relative folder or file, `.` for all):
 * exports with their kinds and imports with what they resolve to. Checks `signal` between files.
 * @public
 */
export function buildCodemap(project: TypeScriptProject, scope: string, signal: AbortSignal): CodemapModule[] {
  const checker = project.program.getTypeChecker();
  const modules: CodemapModule[] = [];
  for (const file of project.files) {
    const path = project.relativePath(file.fileName) as string;
    if (scope !== '.' && path !== scope && !path.startsWith(`${scope}/`)) continue;
    signal.throwIfAborted();
    modules.push({ path, exports: exportsOf(checker, file), imports: importsOf(project, file) });
  }
  return modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
