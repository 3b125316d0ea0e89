import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeSloRules } from './sloExample.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README "Use it"', () => {
  it('shows the example exactly as it runs here', () => {
    expect(read('../../README.md')).toContain(`\`\`\`ts\n${read('./sloExample.ts')}\`\`\``);
  });

  it('writes a rule file with one group per SLO, the burn alerts each window allows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slo-readme-'));
    try {
      const yaml = await writeSloRules(join(dir, 'slo.rules.yml'));
      expect(await readFile(join(dir, 'slo.rules.yml'), 'utf8')).toBe(yaml);
      const file = parse(yaml) as { groups: { name: string; rules: { alert?: string; labels?: Record<string, string> }[] }[] };
      expect(file.groups.map((group) => group.name)).toEqual(['cortex-slo-tools-api', 'cortex-slo-memory-search']);
      const windows = (index: number) =>
        file.groups[index]?.rules
          .filter((rule) => rule.alert !== undefined)
          .map((rule) => `${rule.labels?.['sli']}/${rule.labels?.['long_window']}`);
      expect(windows(0)).toEqual([
        'errors/1h',
        'errors/6h',
        'errors/1d',
        'errors/3d',
        'latency/1h',
        'latency/6h',
        'latency/1d',
        'latency/3d',
      ]);
      expect(windows(1)).toEqual(['errors/1h', 'errors/6h']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
