import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliExitCodes, describeConfig, runCli } from '@cortex-os/cli';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The events slot's `redis` settings (the bus's Redis Streams transport) and the redaction of
// connection URLs in `cortex config` / `--print-config`. Starting against a real Redis is
// test/events/cliRedis.test.ts.

async function cortex(argv: string[], env: Record<string, string> = {}, cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'))) {
  const out: string[] = [];
  const err: string[] = [];
  const home = mkdtempSync(join(tmpdir(), 'cortex-home-'));
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { CORTEX_HOME: home, ...env }, cwd });
  return { code, out, err };
}

const secrets = {
  CORTEX_EVENTS_REDIS__URL: 'redis://:redis-secret-42@127.0.0.1:6390/0',
  CORTEX_EVENTS_POSTGRES__URL: 'postgres://cortex:pg-secret-42@db.internal:5432/events',
};

describe('the events slot on Redis', () => {
  it('config shows events.redis and events.postgres with their sources, the URLs without their credentials', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(
      join(cwd, 'cortex.config.json'),
      JSON.stringify({ events: { redis: { url: 'redis://x', stream: 'orders', groups: { maxDeliveries: 3 } } } }),
    );
    const run = await cortex(['config'], secrets, cwd);
    expect(run.code, run.err.join('\n')).toBe(0);
    const lines = run.out.join('\n');
    expect(lines).toContain('events.redis.url = "redis://<redacted>@127.0.0.1:6390/0"  (env CORTEX_EVENTS_REDIS__URL)');
    expect(lines).toContain('events.postgres.url = "postgres://<redacted>@db.internal:5432/events"  (env CORTEX_EVENTS_POSTGRES__URL)');
    expect(lines).toContain(`events.redis.stream = "orders"  (file ${join(cwd, 'cortex.config.json')})`);
    expect(lines).toContain(`events.redis.groups.maxDeliveries = 3  (file ${join(cwd, 'cortex.config.json')})`);
    expect(lines).not.toContain('secret-42');
  });

  it('serve --print-config prints the transport settings in the events slot, credentials redacted', async () => {
    const run = await cortex(['serve', '--print-config'], {
      ...secrets,
      CORTEX_EVENTS_REDIS__BATCH_SIZE: '64',
      CORTEX_EVENTS_REDIS__BROADCAST: 'false',
    });
    expect(run.code, run.err.join('\n')).toBe(0);
    const printed = JSON.parse(run.out.join('\n')) as { events: { redis: unknown; postgres: unknown } };
    expect(printed.events.redis).toEqual({ url: 'redis://<redacted>@127.0.0.1:6390/0', batchSize: 64, broadcast: false });
    expect(printed.events.postgres).toEqual({ url: 'postgres://<redacted>@db.internal:5432/events' });
    expect(run.out.join('\n')).not.toContain('secret-42');
  });

  it('refuses an unknown key and a value out of the transport range as configuration errors (exit 3), before connecting', async () => {
    const typo = await cortex(['serve'], { CORTEX_EVENTS_REDIS__URL: 'redis://127.0.0.1:9', CORTEX_EVENTS_REDIS__BATCH: '5' });
    expect(typo.code).toBe(cliExitCodes.config);
    expect(typo.err.join('\n')).toContain('CORTEX_EVENTS_REDIS__BATCH');
    const range = await cortex(['serve'], {
      CORTEX_EVENTS_REDIS__URL: 'redis://127.0.0.1:9',
      CORTEX_EVENTS_REDIS__BATCH_SIZE: '0',
      CORTEX_HTTP_PORT: '0',
    });
    expect(range.code).toBe(cliExitCodes.config);
    expect(range.err.join('\n')).toMatch(/EVENTS_OPTIONS_INVALID.*batchSize/);
    const scheme = await cortex(['serve'], { CORTEX_EVENTS_REDIS__URL: 'http://127.0.0.1:9', CORTEX_HTTP_PORT: '0' });
    expect(scheme.code).toBe(cliExitCodes.config);
    expect(scheme.err.join('\n')).toContain('EVENTS_OPTIONS_INVALID');
  });
});

describe('describeConfig and connection URLs', () => {
  it('masks the user and password of any URL value, keeping scheme, host and path (property)', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9%!$&'()*+,;=:@._~-]{1,16}$/);
    fc.assert(
      fc.property(fc.constantFrom('redis', 'rediss', 'postgres', 'postgresql', 'http'), part, part, (scheme, user, password) => {
        const secret = `${user}:${password}`;
        const url = `${scheme}://${secret}@host.example:1234/db?x=1`;
        const [entry] = describeConfig({ events: { anything: { url } } }, { env: {} });
        expect(entry?.value).toBe(`${scheme}://<redacted>@host.example:1234/db?x=1`);
      }),
      { seed: 33, numRuns: 200 },
    );
    expect(describeConfig({ events: { redis: { url: 'redis://127.0.0.1:6379' } } }, { env: {} })[0]?.value).toBe('redis://127.0.0.1:6379');
    expect(describeConfig({ x: { list: ['postgres://u:p@h/d'] } }, { env: {} })[0]?.value).toEqual(['postgres://<redacted>@h/d']);
  });
});
