import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpPluginOptions } from '@cortex-os/plugin-http';
import { loadRuntimeConfig } from '@cortex-os/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const otherOptions = z.object({
  dataDir: z.string().default('.data'),
  weights: z.object({ semantic: z.number().min(0).max(1).default(0.6) }).default({ semantic: 0.6 }),
});

describe('loadRuntimeConfig', () => {
  it('applies defaults, then the file, then the environment, coercing to each schema type', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-config-'));
    const file = join(dir, 'cortex.json');
    writeFileSync(file, JSON.stringify({ http: { port: 9000, host: '127.0.0.1' }, 'local-embedders': { dataDir: '/srv' } }));
    const config = loadRuntimeConfig({
      file,
      env: {
        CORTEX_HTTP_PORT: '9100',
        CORTEX_HTTP_AUTH__TOKENS: 'aaaaaaaaaaaaaaaa1,bbbbbbbbbbbbbbbb2',
        CORTEX_HTTP_DRAIN__DEADLINE_MS: '5000',
        CORTEX_HTTP_METRICS__ENABLED: 'false',
        CORTEX_LOCAL_EMBEDDERS_WEIGHTS__SEMANTIC: '0.7',
        UNRELATED: 'x',
      },
      plugins: { http: httpPluginOptions, 'local-embedders': otherOptions },
    });
    expect(config.http.port).toBe(9100);
    expect(config.http.auth.tokens).toEqual(['aaaaaaaaaaaaaaaa1', 'bbbbbbbbbbbbbbbb2']);
    expect(config.http.drain).toEqual({ delayMs: 0, deadlineMs: 5000, streamGraceMs: 1000 });
    expect(config.http.metrics.enabled).toBe(false);
    expect(config.http.bodyLimitBytes).toBe(1_048_576);
    expect(config['local-embedders']).toEqual({ dataDir: '/srv', weights: { semantic: 0.7 } });
  });

  it('names every bad variable and file key at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-config-'));
    const file = join(dir, 'cortex.json');
    writeFileSync(file, JSON.stringify({ http: { host: '' }, nope: {} }));
    expect(() =>
      loadRuntimeConfig({
        file,
        env: { CORTEX_HTTP_PORT: '70000', CORTEX_HTTP_BODY_LIMIT_BYTES: 'lots', CORTEX_HTTP_AUTH__TOKENS: 'short' },
        plugins: { http: httpPluginOptions },
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'RUNTIME_CONFIG_INVALID',
        message: expect.stringMatching(
          /nope" is not a plugin[\s\S]*CORTEX_HTTP_BODY_LIMIT_BYTES: expected a number, got "lots"[\s\S]*cortex\.json http\.host: [\s\S]*CORTEX_HTTP_PORT: Too big[\s\S]*CORTEX_HTTP_AUTH__TOKENS: bearer tokens must be at least 16 characters/,
        ),
      }),
    );
  });

  it('reports an unreadable file', () => {
    expect(() => loadRuntimeConfig({ file: '/nonexistent/cortex.json', plugins: { http: httpPluginOptions } })).toThrow(
      expect.objectContaining({ code: 'RUNTIME_CONFIG_FILE_UNREADABLE' }),
    );
  });

  it('round-trips any valid port through the environment', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65_535 }), (port) => {
        expect(loadRuntimeConfig({ env: { CORTEX_HTTP_PORT: String(port) }, plugins: { http: httpPluginOptions } }).http.port).toBe(port);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
