import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-toolkit throws, with what it means and how to solve it.
 *
 * Codes are `TOOLKIT_WHAT`, stable once released and never reused. Messages name paths relative
 * to a workspace root, never as absolute machine paths. The README's "Error codes" table is
 * checked against this catalogue by the repository's catalogue test. Retired codes: none yet.
 *
 * @public
 */
export const toolkitErrorCatalogue = defineErrorCatalogue('TOOLKIT', {
  TOOLKIT_ROOT_INVALID: {
    kind: 'internal',
    message: 'workspace root "{root}" cannot be used: {reason}',
    description: 'A configured workspace root does not exist, is not a folder, or two roots share a name.',
    solution: 'Pass existing folders in the plugin option `roots`, each with a unique name.',
  },
  TOOLKIT_ROOT_UNKNOWN: {
    kind: 'invalid-input',
    message: 'no workspace root is named "{root}"; the roots are: {roots}',
    description: 'A tool call named a workspace root that is not configured.',
    solution: 'Use one of the root names listed in the message, or leave `root` out for the first one.',
  },
  TOOLKIT_PATH_INVALID: {
    kind: 'invalid-input',
    message: 'path "{path}" is not allowed: {reason}',
    description: 'A path in a tool call is empty, contains a NUL byte, or is otherwise malformed.',
    solution: 'Give a path relative to the workspace root, with "/" as the separator.',
  },
  TOOLKIT_PATH_OUTSIDE_ROOT: {
    kind: 'invalid-input',
    message: 'path "{path}" is outside workspace root "{root}"{via}',
    description: 'A path in a tool call leads outside every configured workspace root, by "..", an absolute path or a symbolic link.',
    solution: 'Give a path inside the workspace root; symbolic links that lead outside it are never followed.',
  },
  TOOLKIT_PATH_NOT_FOUND: {
    kind: 'not-found',
    message: 'path "{path}" does not exist in workspace root "{root}"',
    description: 'A path in a tool call names nothing inside the workspace root.',
    solution: 'Check the spelling (paths are case-sensitive on Linux) and that the path is relative to the workspace root.',
  },
  TOOLKIT_PATTERN_UNSUPPORTED: {
    kind: 'invalid-input',
    message: 'pattern "{pattern}" is outside the search dialect at character {position}: {reason}',
    description: 'A search pattern uses a construct outside the documented dialect, the subset both search engines read the same way.',
    solution: 'Rewrite the pattern with the constructs listed in the README (no lookaround, backreferences, inline flags or \\p classes).',
  },
  TOOLKIT_GLOB_INVALID: {
    kind: 'invalid-input',
    message: 'glob "{glob}" is invalid: {reason}',
    description: 'An include or exclude glob is malformed (an unclosed class or brace, say).',
    solution: 'Use `*`, `**`, `?`, `[abc]` and `{a,b}` only, with classes and braces closed.',
  },
  TOOLKIT_TIMEOUT: {
    kind: 'upstream-timeout',
    message: 'tool "{tool}" ran out of its time limit of {timeoutMs} ms',
    description: 'A toolkit tool did not finish within its time limit; any child process was stopped.',
    solution: 'Narrow the call (a sub-path, include globs, fewer patterns) or raise the tool time limit in the plugin options.',
  },
  TOOLKIT_ENGINE_FAILED: {
    kind: 'internal',
    message: 'search engine "{engine}" failed: {reason}',
    description: 'The search engine (ripgrep) exited with an error or printed output that could not be read.',
    solution: 'Check that the configured ripgrep runs (`rg --version`), or set the plugin option `engine` to `builtin`.',
  },
  TOOLKIT_ENGINE_UNAVAILABLE: {
    kind: 'internal',
    message: 'search engine "{engine}" is not available: {reason}',
    description: 'The plugin was configured to use ripgrep, but no runnable ripgrep was found.',
    solution: 'Install ripgrep (Debian: `apt-get install ripgrep`), point `ripgrepPath` at it, or use `engine: "auto"`.',
  },
  TOOLKIT_TOOL_NAME_INVALID: {
    kind: 'invalid-input',
    message: 'tool name "{name}" is invalid: {reason}',
    description: 'A name given to resolveToolPath is empty, has a path separator, or is "." or "..".',
    solution: 'Name one entry of a tools folder: letters, digits, ".", "_" and "-", with no separators.',
  },
  TOOLKIT_TOOL_NOT_FOUND: {
    kind: 'not-found',
    message: 'tool "{name}" is in none of the tools folders: {searched}',
    description: 'resolveToolPath looked in every tools folder of its precedence and none holds the named entry.',
    solution:
      'Put the tool in $AGENT_TOOLKIT_TOOLS_DIR or in tools/agent-toolkit under the runtime home ($CORTEX_HOME, else the platform data folder such as ~/.local/share/cortex-os).',
  },
  TOOLKIT_PROJECT_INVALID: {
    kind: 'invalid-input',
    message: 'TypeScript project "{path}" cannot be used: {reason}',
    description:
      'The tsconfig file given to validate or codemap is missing, cannot be parsed, or lists no files inside the workspace root.',
    solution: 'Give the path of a tsconfig.json inside the workspace root, relative to it (default `tsconfig.json`).',
  },
  TOOLKIT_CODEMOD_PATTERN_INVALID: {
    kind: 'invalid-input',
    message: 'codemod pattern "{pattern}" cannot be used: {reason}',
    description: 'The structural pattern given to codemod is not a TypeScript or JavaScript fragment ast-grep can read.',
    solution: 'Write the pattern as code with metavariables, e.g. `foo($A, $$$REST)`; one expression or statement.',
  },
  TOOLKIT_CODEMOD_APPLY_FAILED: {
    kind: 'internal',
    message: 'codemod could not write "{path}": {reason}; {restored} files written before it were restored',
    description: 'Applying a codemod failed part-way; every file already written was restored to its content before the call.',
    solution: 'Check the named file can be written (permissions, disk space, a file changed meanwhile) and apply again.',
  },
  TOOLKIT_LINTER_NOT_ALLOWED: {
    kind: 'invalid-input',
    message: 'linter "{linter}" is not in the allow-list; allowed: {allowed}',
    description: 'validate was asked for a linter the plugin options do not name; only allow-listed linters run, never project scripts.',
    solution: 'Ask for one of the allowed linters, or add it to the plugin option `linters` with its command and report format.',
  },
  TOOLKIT_LINTER_FAILED: {
    kind: 'internal',
    message: 'linter "{linter}" failed: {reason}',
    description: 'An allow-listed linter could not be started, exited with an unexpected code, or printed a report that could not be read.',
    solution: 'Run the linter command from the plugin options by hand in the workspace root and check it prints its JSON report.',
  },
});

/**
 * A code from {@link toolkitErrorCatalogue}.
 * @public
 */
export type ToolkitErrorCode = keyof typeof toolkitErrorCatalogue;
