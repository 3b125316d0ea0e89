import { isAbsolute, relative } from 'node:path';
import { formatGateValue, type GateCheckResult } from '../enforce/enforceGates.js';

/**
 * Options of {@link formatGateTable}.
 * @public
 */
export interface FormatGateTableOptions {
  /** `text` (aligned columns, for terminals) or `markdown` (for READMEs and job summaries). */
  readonly style?: 'text' | 'markdown';
  /** Project root: report paths inside it are shown relative to it. */
  readonly root?: string;
}

/**
 * Renders a check as a table: gate, scope, measured, threshold, baseline, target, status, source;
 * then one line per violation.
 * @public
 */
export function formatGateTable(check: GateCheckResult, options: FormatGateTableOptions = {}): string {
  const show = (source: string): string => {
    if (options.root === undefined || !isAbsolute(source)) return source;
    const rel = relative(options.root, source);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? source : rel.split('\\').join('/');
  };
  const header = ['Gate', 'Scope', 'Measured', 'Threshold', 'Baseline', 'Target', 'Status', 'Source'];
  const rows = check.results.map((r) => [
    r.gate,
    r.scope,
    formatGateValue(r.measured, r.unit),
    `${r.direction === 'min' ? '>=' : '<='} ${formatGateValue(r.threshold, r.unit)}`,
    r.baseline === undefined ? '-' : formatGateValue(r.baseline, r.unit),
    r.target === undefined ? '-' : formatGateValue(r.target, r.unit),
    r.status.toUpperCase(),
    show(r.source),
  ]);
  const lines: string[] = [];
  if (options.style === 'markdown') {
    const esc = (s: string): string => s.replace(/\|/g, '\\|');
    lines.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
    for (const row of rows) lines.push(`| ${row.map(esc).join(' | ')} |`);
  } else {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const fmt = (row: readonly string[]): string =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    lines.push(fmt(header), fmt(widths.map((w) => '-'.repeat(w))));
    for (const row of rows) lines.push(fmt(row));
  }
  lines.push('');
  for (const v of check.violations) lines.push(`${v.severity === 'error' ? 'FAIL' : 'WARN'} [${v.kind}] ${v.message} (${show(v.source)})`);
  lines.push(
    `${check.passed ? 'gates passed' : 'gates FAILED'}: ${check.results.length} checked, ${check.violations.filter((v) => v.severity === 'error').length} failing, ${check.violations.filter((v) => v.severity === 'warning').length} warning`,
  );
  return lines.join('\n');
}
