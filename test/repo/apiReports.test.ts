import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every public door has a committed api-extractor report (scripts/api-extractor.mjs checks they are
// current); these checks keep the reports honest about release tags and what each door exposes.
const packagesDir = join(import.meta.dirname, '..', '..', 'packages');
const reports = readdirSync(packagesDir).flatMap((pkg) => {
  const etc = join(packagesDir, pkg, 'etc');
  let names: string[] = [];
  try {
    names = readdirSync(etc).filter((name) => name.endsWith('.api.md'));
  } catch {
    return [];
  }
  return names.map((name) => ({ name: `${pkg}/etc/${name}`, text: readFileSync(join(etc, name), 'utf8') }));
});

describe('API reports', () => {
  it('exist', () => {
    expect(reports.length).toBeGreaterThan(10);
  });

  it.each(reports)('$name: every export has a release tag and every type it names is exported', ({ text }) => {
    // api-extractor writes each problem into the report as a `// Warning: (ae-…)` line.
    expect(text.split('\n').filter((line) => line.startsWith('// Warning:'))).toEqual([]);
  });

  // The memory-engine issue owns plugin-memory's door (its schemas are typed there).
  it.each(reports.filter((report) => !report.name.startsWith('plugin-memory/')))(
    '$name: names no zod internals and imports no pino or rxjs types (the kernel owns its types)',
    ({ text }) => {
      expect(text).not.toContain('$ZodTypeInternals');
      expect(text).not.toMatch(/^import .* from '(pino|rxjs)';$/m);
    },
  );

  it('the kernel main door exposes no machinery constructor', () => {
    const main = reports.find((report) => report.name === 'kernel/etc/kernel.api.md')?.text ?? '';
    for (const name of [
      'createServiceContainer',
      'createContractRegistry',
      'createEventBus',
      'createToolRegistry',
      'createResourceRegistry',
      'createPromptRegistry',
      'createPolicyRouter',
      'createResiliencePolicy',
    ]) {
      expect(main).not.toMatch(new RegExp(`export function ${name}\\b`));
    }
  });
});
