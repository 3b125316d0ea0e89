/**
 * Coding-agent tools for Cortex-OS: `toolkit.search` and `toolkit.multi_search` on ripgrep or a
 * built-in engine with one pattern dialect, confined to workspace roots, with time and output
 * limits and a circuit breaker per tool; and `resolveToolPath`, the tools-folder precedence.
 *
 * @packageDocumentation
 */
export { toolkitErrorCatalogue, type ToolkitErrorCode } from './errors/toolkitErrorCatalogue.js';
export { ToolkitError } from './errors/ToolkitError.js';
export {
  createWorkspaceRoots,
  type CreateWorkspaceRootsOptions,
  type WorkspaceRoot,
  type WorkspaceRootInput,
  type WorkspaceRoots,
  type WorkspacePath,
  type WorkspaceResolveOptions,
} from './paths/WorkspaceRoots.js';
export {
  resolveToolPath,
  toolPathCandidates,
  type ResolveToolPathOptions,
  type ResolvedToolPath,
  type ToolPathCandidate,
  type ToolPathFileSystem,
  type ToolPathSource,
} from './paths/resolveToolPath.js';
export { compileSearchPattern, type CompileSearchPatternOptions, type SearchPattern } from './search/SearchPattern.js';
export { compileGlob, type CompileGlobOptions, type Glob } from './search/Glob.js';
export { parseGitignore, isIgnoredBy, IGNORE_FILES, type IgnoreRuleStack, type GitignoreRules } from './search/GitignoreRules.js';
export type { SearchEngine, SearchEngineName, SearchFileLines, SearchRequest } from './search/SearchEngine.js';
export { walkWorkspaceFiles, type WorkspaceWalk } from './search/walkWorkspaceFiles.js';
export { createBuiltinSearchEngine } from './search/BuiltinSearchEngine.js';
export {
  createRipgrepSearchEngine,
  detectRipgrep,
  type CreateRipgrepSearchEngineOptions,
  type RipgrepInstallation,
} from './search/RipgrepSearchEngine.js';
export {
  SearchCollector,
  type SearchCollectorOptions,
  type SearchMatch,
  type SearchPatternResult,
  type SearchSubmatch,
} from './search/SearchCollector.js';
export { runSearch, type SearchOutcome, type SearchQuery, type SearchSettings } from './search/runSearch.js';
export { toolkitPlugin, toolkitPluginOptions } from './plugin/toolkitPlugin.js';
export type { ToolkitPluginOptions, ToolkitPluginOptionsInput, ToolkitEngineChoice } from './plugin/ToolkitPluginOptions.js';
export type { ToolkitRuntime } from './plugin/ToolkitRuntime.js';
export { ToolkitToolGuard, type ToolkitToolLimits } from './plugin/ToolkitToolGuard.js';
export { selectSearchEngine, type SelectSearchEngineOptions } from './plugin/selectSearchEngine.js';
export { createSearchTool, createMultiSearchTool } from './plugin/createSearchTools.js';
export { fitToOutputBudget } from './plugin/fitToOutputBudget.js';
export {
  searchToolInputSchema,
  multiSearchToolInputSchema,
  searchToolOutputSchema,
  multiSearchToolOutputSchema,
  type SearchToolCommonInput,
  type SearchToolInput,
  type MultiSearchToolInput,
  type SearchToolOutput,
  type MultiSearchToolOutput,
} from './plugin/searchToolSchemas.js';
export { createValidateTool, createCodemapTool } from './plugin/createTypeScriptTools.js';
export { fitListToOutputBudget } from './plugin/fitToOutputBudget.js';
export {
  validateToolInputSchema,
  validateToolOutputSchema,
  codemapToolInputSchema,
  codemapToolOutputSchema,
  type ValidateToolInput,
  type ValidateToolOutput,
  type CodemapToolInput,
  type CodemapToolOutput,
} from './plugin/typescriptToolSchemas.js';
export { loadTypeScriptProject, type TypeScriptProject } from './typescript/loadTypeScriptProject.js';
export { collectDiagnostics, type ToolkitDiagnostic } from './typescript/collectDiagnostics.js';
export { buildCodemap, type CodemapModule, type CodemapImport, type CodemapExportKind } from './typescript/buildCodemap.js';
export { createCodemodTool, type CodemodToolInput, type CodemodToolOutput } from './plugin/createCodemodTool.js';
export { runCodemod, type CodemodQuery, type CodemodOutcome } from './codemod/runCodemod.js';
export { rewriteSource, applyEdits, codemodLanguageOf, type CodemodEdit, type CodemodLanguage } from './codemod/rewriteSource.js';
export { unifiedDiff } from './codemod/unifiedDiff.js';
export {
  writeFilesAtomically,
  type AtomicFileWrite,
  type AtomicWriteFileSystem,
} from './codemod/writeFilesAtomically.js';
export type { ToolkitLinter, ToolkitLinterFormat } from './lint/ToolkitLinter.js';
export { runLinter } from './lint/runLinter.js';
export { parseLinterReport } from './lint/parseLinterReport.js';
