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

describe('unknown keys and misspelt variables', () => {
  const memoryLike = z
    .object({
      dataDir: z.string().min(1).optional(),
      store: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('sqlite'), synchronous: z.enum(['full', 'normal']).default('full') }),
          z.object({ kind: z.literal('postgres'), connectionString: z.string() }),
        ])
        .default({ kind: 'sqlite', synchronous: 'full' }),
      roots: z.array(z.object({ path: z.string() })).default([]),
    })
    .strict();

  function problems(run: () => unknown): string[] {
    try {
      run();
    } catch (error) {
      return (error as { details: { problems: string[] } }).details.problems;
    }
    throw new Error('expected RUNTIME_CONFIG_INVALID');
  }

  it('names unknown file keys by full path with the closest known key, for stripping and strict schemas alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-config-'));
    const file = join(dir, 'cortex.json');
    writeFileSync(
      file,
      JSON.stringify({
        http: { prot: 1, drain: { deadlineMS: 5 } },
        memory: { dataDri: '/x', store: { kind: 'sqlite', synchronus: 'normal' }, roots: [{ path: '.', nmae: 'a' }] },
        memroy: {},
      }),
    );
    expect(problems(() => loadRuntimeConfig({ file, plugins: { http: httpPluginOptions, memory: memoryLike } }))).toEqual([
      `${file}: "memroy" is not a plugin of this runtime. Did you mean "memory"? (known: http, memory)`,
      `${file} http.prot: unknown option. Did you mean "port"?`,
      `${file} http.drain.deadlineMS: unknown option. Did you mean "deadlineMs"?`,
      `${file} memory.dataDri: unknown option. Did you mean "dataDir"?`,
      `${file} memory.store.synchronus: unknown option. Did you mean "synchronous"?`,
      `${file} memory.roots.0.nmae: unknown option. Known options: path.`,
    ]);
  });

  it('names a variable setting an unknown key, and a misspelt plugin segment, with the variable to use', () => {
    const env = { CORTEX_HTTP_PROT: '80', CORTEX_HTPP_PORT: '80', CORTEX_HOEM: '/x', CORTEX_BUILT: '1', CORTEX_HOME: '/h' };
    expect(problems(() => loadRuntimeConfig({ env, plugins: { http: httpPluginOptions }, variables: ['CORTEX_HOME'] }))).toEqual([
      'CORTEX_HTPP_PORT: not a variable of this runtime. Did you mean CORTEX_HTTP_PORT?',
      'CORTEX_HOEM: not a variable of this runtime. Did you mean CORTEX_HOME?',
      'CORTEX_HTTP_PROT: http has no option http.prot. Did you mean CORTEX_HTTP_PORT?',
    ]);
  });

  it('layers the host defaults under the file and the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-config-'));
    const file = join(dir, 'cortex.json');
    writeFileSync(file, JSON.stringify({ memory: { store: { kind: 'sqlite', synchronous: 'normal' } } }));
    const config = loadRuntimeConfig({
      file,
      env: { CORTEX_MEMORY_ROOTS: '[{"path":"/r"}]' },
      plugins: { memory: memoryLike },
      defaults: { memory: { dataDir: '/home/memory', store: { kind: 'sqlite' } } },
    });
    expect(config.memory).toEqual({ dataDir: '/home/memory', store: { kind: 'sqlite', synchronous: 'normal' }, roots: [{ path: '/r' }] });
  });

  it('suggests the original key for any one-character typo of it (property)', () => {
    const keys = ['host', 'port', 'bodyLimitBytes', 'trustedProxies', 'restBasePath', 'maxConnections'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.nat(), fc.constantFrom('x', 'q', 'z'), (key, at, letter) => {
        const i = at % key.length;
        const typo = key.slice(0, i) + letter + key.slice(i + 1);
        fc.pre(!keys.includes(typo));
        const dir = mkdtempSync(join(tmpdir(), 'cortex-config-'));
        const file = join(dir, 'cortex.json');
        writeFileSync(file, JSON.stringify({ http: { [typo]: 1 } }));
        expect(problems(() => loadRuntimeConfig({ file, plugins: { http: httpPluginOptions } }))).toContain(
          `${file} http.${typo}: unknown option. Did you mean "${key}"?`,
        );
      }),
      { seed: 15, numRuns: 60 },
    );
  });
});
