// Issue 14 §5: a catalogue message that tells the operator to set a `CORTEX_*` variable must name
// one the runtime's configuration loader reads (`CORTEX_HTTP_TOKENS` was suggested and did nothing).
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

/** True when the loader maps the variable to an option: some value changes the configuration, or is refused by name. */
function recognised(name: string): boolean {
  const baseline = JSON.stringify(loadRuntimeConfig({ env: {}, plugins }));
  return SAMPLES.some((value) => {
    try {
      return JSON.stringify(loadRuntimeConfig({ env: { [name]: value }, plugins })) !== baseline;
    } catch (error) {
      return CortexError.is(error) && error.message.includes(name);
    }
  });
}

describe('CORTEX_* names in error catalogues', () => {
  it('finds the names the catalogues suggest', () => {
    expect(named).toContain('CORTEX_HTTP_AUTH__TOKENS');
  });

  it.each(named)('%s is read by the runtime configuration loader', (name) => {
    expect(recognised(name)).toBe(true);
  });

  it('tells an unknown name apart', () => {
    expect(recognised('CORTEX_HTTP_TOKENS')).toBe(false);
  });
});
