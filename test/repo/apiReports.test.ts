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
  // api-extractor writes CRLF line ends; read as LF so line patterns (`^…$`) mean what they say.
  return names.map((name) => ({ name: `${pkg}/etc/${name}`, text: readFileSync(join(etc, name), 'utf8').replaceAll('\r\n', '\n') }));
});

/** A report line exporting a value whose type is zod's inferred object, default, union, enum or array. */
const inferredZodExport = /^export (?:declare )?(?:const|function) .*z\.Zod(?:Object|Default|Union|Enum|Array)<\{?$/;

describe('API reports', () => {
  it('exist', () => {
    expect(reports.length).toBeGreaterThan(10);
  });

  it.each(reports)('$name: every export has a release tag and every type it names is exported', ({ text }) => {
    // api-extractor writes each problem into the report as a `// Warning: (ae-…)` line.
    expect(text.split('\n').filter((line) => line.startsWith('// Warning:'))).toEqual([]);
  });

  it.each(reports)('$name: names no zod internals and imports no pino or rxjs types (the kernel owns its types)', ({ text }) => {
    expect(text).not.toContain('$ZodTypeInternals');
    expect(text).not.toMatch(/^import .* from '(pino|rxjs)';$/m);
  });

  // An inferred zod type prints its enum and union members in the compiler's type-id order, which
  // varies between builds: every exported schema, event and plugin factory declares its type instead.
  it.each(reports)('$name: every exported schema and plugin factory has a declared type, not an inferred zod object', ({ name, text }) => {
    const inferred = text
      .split('\n')
      .filter((line) => inferredZodExport.test(line) || (line.startsWith('export ') && line.includes('PluginFactory<z.ZodObject<{')))
      .map((line) => `${name}: ${/^export (?:declare )?(?:const|function|let) (\w+)/.exec(line)?.[1] ?? line}`);
    expect(inferred).toEqual([]);
  });

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
