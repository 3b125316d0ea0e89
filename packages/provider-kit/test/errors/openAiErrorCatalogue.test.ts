import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { openAiErrorCatalogue, OpenAiError } from '@cortex-os/provider-kit';

// Only the "Error codes" table: the "Errors" table above it lists the kernel codes this package raises.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Error codes'), readme.indexOf('\n## ', readme.indexOf('### Error codes')));
const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);

describe('openAiErrorCatalogue', () => {
  it('documents every code in the README error-code table, and nothing stale', () => {
    expect(documented).toEqual(Object.keys(openAiErrorCatalogue));
  });

  it('gives every code a description and a solution, and a branded error class', () => {
    for (const [code, entry] of Object.entries(openAiErrorCatalogue)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z0-9]+)+$/);
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.solution.length).toBeGreaterThan(10);
      expect(CortexError.is(new OpenAiError(code as keyof typeof openAiErrorCatalogue, 'm'), code)).toBe(true);
    }
  });
});
