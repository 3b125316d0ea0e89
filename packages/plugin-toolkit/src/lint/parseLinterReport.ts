import { isAbsolute, relative, sep } from 'node:path';
import type { ToolkitDiagnostic } from '../typescript/collectDiagnostics.js';
import type { ToolkitLinterFormat } from './ToolkitLinter.js';

interface BiomeReport {
  readonly diagnostics?: readonly {
    readonly severity?: string;
    readonly message?: string;
    readonly category?: string;
    readonly location?: { readonly path?: string; readonly start?: { readonly line?: number; readonly column?: number } };
  }[];
}

type EslintReport = readonly {
  readonly filePath?: string;
  readonly messages?: readonly {
    readonly ruleId?: string | null;
    readonly severity?: number;
    readonly message?: string;
    readonly line?: number;
    readonly column?: number;
  }[];
}[];

function category(severity: string | undefined): ToolkitDiagnostic['category'] {
  return severity === 'error' || severity === 'fatal' ? 'error' : severity === 'warning' ? 'warning' : 'message';
}

/** A linter's path as a root-relative `/` path, or undefined outside the root. */
function rootRelative(root: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const rel = isAbsolute(path) ? relative(root, path) : path;
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/**
 * Reads a linter's JSON report (`biome lint --reporter=json`, `eslint -f json`) into diagnostics,
 * paths relative to the root; findings outside the root are dropped.
 * @throws `SyntaxError` when the report is not JSON.
 * @public
 */
export function parseLinterReport(linter: string, format: ToolkitLinterFormat, report: string, root: string): ToolkitDiagnostic[] {
  if (format === 'biome-json') {
    const parsed = JSON.parse(report) as BiomeReport;
    return (parsed.diagnostics ?? []).flatMap((found) => {
      const path = rootRelative(root, found.location?.path);
      if (found.location?.path !== undefined && path === undefined) return [];
      const start = found.location?.start;
      return [
        {
          path,
          line: start?.line,
          column: start?.column,
          source: linter,
          rule: found.category,
          category: category(found.severity),
          message: found.message ?? '',
        },
      ];
    });
  }
  const parsed = JSON.parse(report) as EslintReport;
  return parsed.flatMap((file) => {
    const path = rootRelative(root, file.filePath);
    if (path === undefined) return [];
    return (file.messages ?? []).map((message) => ({
      path,
      line: message.line,
      column: message.column,
      source: linter,
      rule: message.ruleId ?? undefined,
      category: message.severity === 2 ? ('error' as const) : ('warning' as const),
      message: message.message ?? '',
    }));
  });
}
