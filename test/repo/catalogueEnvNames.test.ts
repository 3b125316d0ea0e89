// Issue 14 §5: a catalogue message that tells the operator to set a `CORTEX_*` variable must name
// one the runtime's configuration loader reads (`CORTEX_HTTP_TOKENS` was suggested and did nothing).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { healthPluginOptions } from '@cortex-os/plugin-health';
import { httpPluginOptions } from '@cortex-os/plugin-http';
import { memoryPluginOptions } from '@cortex-os/plugin-memory';
import { loadRuntimeConfig } from '@cortex-os/runtime';
import { distinctCatalogues, exportedCatalogues } from '../support/errorCatalogues.js';

const plugins = { http: httpPluginOptions, health: healthPluginOptions, memory: memoryPluginOptions };
const catalogues = distinctCatalogues(await exportedCatalogues());
const NAME = /\bCORTEX_[A-Z0-9_]+\b/g;

const named = [
  ...new Set(
    catalogues.flatMap(({ catalogue }) =>
      Object.values(catalogue).flatMap((entry) => `${entry.message} ${entry.description} ${entry.solution}`.match(NAME) ?? []),
    ),
  ),
].sort();

// Values of every shape a variable takes: whichever fits the option changes the configuration.
const SAMPLES = ['a-bearer-token-of-32-characters-x', '12345', 'true', '/x'];

/** True when the loader maps the variable to an option: some value changes the configuration, or is refused for its value. */
function recognised(name: string): boolean {
  const baseline = JSON.stringify(loadRuntimeConfig({ env: {}, plugins }));
  return SAMPLES.some((value) => {
    try {
      return JSON.stringify(loadRuntimeConfig({ env: { [name]: value }, plugins })) !== baseline;
    } catch (error) {
      // Refused for its value, not as an unknown option (the loader names unknown ones too, with a suggestion).
      const problems = CortexError.is(error) ? (error.details['problems'] as readonly string[]) : [];
      return problems.some((problem) => problem.startsWith(`${name}:`) && !/has no option|not a variable of this runtime/.test(problem));
    }
  });
}

// A few variables are not options but locations a package reads itself (CORTEX_HOME, the toolkit's
// home, until the ship-it issue's home resolver): those must be read, by name, in some package's src.
const DIRECTLY_READ = new Set(['CORTEX_HOME']);
const packagesDir = join(import.meta.dirname, '..', '..', 'packages');
const sources = readdirSync(packagesDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => /^[^/]+\/src\/.*\.ts$/.test(file))
  .map((file) => readFileSync(join(packagesDir, file), 'utf8'));

/** True when some package's source reads the variable by name from an environment object. */
function readDirectly(name: string): boolean {
  const read = new RegExp(`env(?:\\?\\.)?(?:\\['${name}'\\]|\\.${name}\\b)`);
  return sources.some((text) => read.test(text));
}

describe('CORTEX_* names in error catalogues', () => {
  it('finds the names the catalogues suggest', () => {
    expect(named).toContain('CORTEX_HTTP_AUTH__TOKENS');
  });

  it.each(named.filter((name) => !DIRECTLY_READ.has(name)))('%s is read by the runtime configuration loader', (name) => {
    expect(recognised(name)).toBe(true);
  });

  it.each([...DIRECTLY_READ])('%s, a location and not an option, is read by name in a package', (name) => {
    expect(recognised(name)).toBe(false);
    expect(readDirectly(name)).toBe(true);
    expect(readDirectly('CORTEX_NOT_A_VARIABLE')).toBe(false);
  });

  it('tells an unknown name apart', () => {
    expect(recognised('CORTEX_HTTP_TOKENS')).toBe(false);
  });
});
