import { execFile } from 'node:child_process';
import { ToolkitError } from '../errors/ToolkitError.js';
import type { WorkspaceRoot } from '../paths/WorkspaceRoots.js';
import type { ToolkitDiagnostic } from '../typescript/collectDiagnostics.js';
import { parseLinterReport } from './parseLinterReport.js';
import type { ToolkitLinter } from './ToolkitLinter.js';

const MAX_REPORT_BYTES = 32 * 1024 * 1024;

/**
 * Runs the allow-listed linter `name` in `root` on `paths` (root-relative) and reads its report.
 * Exit codes 0 and 1 (findings) are success; the process is killed when `signal` aborts.
 * @throws {@link ToolkitError} `TOOLKIT_LINTER_NOT_ALLOWED`, `TOOLKIT_LINTER_FAILED`; the signal's reason when aborted.
 * @public
 */
export function runLinter(
  linters: Readonly<Record<string, ToolkitLinter>>,
  name: string,
  root: WorkspaceRoot,
  paths: readonly string[],
  signal: AbortSignal,
): Promise<ToolkitDiagnostic[]> {
  const linter = Object.hasOwn(linters, name) ? linters[name] : undefined;
  if (linter === undefined) {
    const allowed = Object.keys(linters).join(', ') || '(none configured)';
    return Promise.reject(ToolkitError.create('TOOLKIT_LINTER_NOT_ALLOWED', { linter: name, allowed }, { details: { linter: name } }));
  }
  const failed = (reason: string, cause?: unknown): ToolkitError =>
    ToolkitError.create(
      'TOOLKIT_LINTER_FAILED',
      { linter: name, reason: reason.replaceAll(root.path, '.').slice(0, 300) },
      cause === undefined ? {} : { cause },
    );
  return new Promise((resolve, reject) => {
    const args = [...(linter.args ?? []), '--', ...paths];
    execFile(linter.command, args, { cwd: root.path, signal, maxBuffer: MAX_REPORT_BYTES, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (signal.aborted) return reject(signal.reason);
      const code = (error as { code?: unknown } | null)?.code;
      if (error !== null && code !== 1)
        return reject(
          failed(
            typeof code === 'string'
              ? `it could not be started (${code})`
              : `it exited with ${String(code)}: ${stderr.split('\n')[0] ?? ''}`,
            error,
          ),
        );
      try {
        resolve(parseLinterReport(name, linter.format, stdout, root.path));
      } catch (parseError) {
        reject(failed(`its report is not ${linter.format} (${stdout.slice(0, 60)}…)`, parseError));
      }
    });
  });
}
