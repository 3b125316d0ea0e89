import type { PrometheusRuleFile } from './PrometheusRuleFile.js';

/**
 * Writes a rule file as YAML that `promtool check rules` accepts. Every string is written
 * double-quoted (a JSON string is a valid YAML double-quoted scalar), so no PromQL character
 * can change the document's structure.
 * @public
 */
export function formatRuleFile(file: PrometheusRuleFile): string {
  const lines: string[] = ['groups:'];
  for (const group of file.groups) {
    lines.push(`  - name: ${quote(group.name)}`, '    rules:');
    for (const rule of group.rules) {
      const entries = Object.entries(rule).filter(([, value]) => value !== undefined);
      entries.forEach(([key, value], index) => {
        const lead = index === 0 ? '      - ' : '        ';
        if (typeof value === 'string') lines.push(`${lead}${key}: ${quote(value)}`);
        else {
          lines.push(`${lead}${key}:`);
          for (const [name, text] of Object.entries(value as Record<string, string>)) lines.push(`          ${name}: ${quote(text)}`);
        }
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}
