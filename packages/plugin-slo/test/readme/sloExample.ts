import { writeFile } from 'node:fs/promises';
import { formatRuleFile, generateSloRules, parseSlos } from '@cortex-os/plugin-slo';

/** Writes the Prometheus rules for two SLOs to `path` (add it to `rule_files:`); returns the YAML. */
export async function writeSloRules(path: string): Promise<string> {
  const slos = parseSlos([
    {
      name: 'tools-api',
      route: { method: 'POST', path: '/api/v1/tools/:name' },
      errors: { objective: 0.999 }, // 99.9 % of calls answer without a 5xx …
      latency: { objective: 0.95, thresholdMs: 250 }, // … and p95 ≤ 250 ms, over 30 days
    },
    { name: 'memory-search', tool: 'memory.search', errors: { objective: 0.99 }, window: '7d' },
  ]);
  const yaml = formatRuleFile(generateSloRules(slos, { job: 'cortex' }));
  await writeFile(path, yaml);
  return yaml;
}
