// Issue 13 §1: write failures are specific and visible over REST and on /ready, and recover by
// themselves. The disk faults (ENOSPC, EROFS) are injected through the store's one seam
// (MemoryStorageIo); the folder removal is a real `rm -r` of the running store's folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definePlugin, healthIndicatorToken, type Plugin } from '@cortex-os/kernel';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { httpServiceToken } from '@cortex-os/http-api';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin } from '@cortex-os/plugin-http';
import {
  createMemoryHealthIndicator,
  createMemoryService,
  createSqliteMemoryStore,
  memoryPlugin,
  mountMemoryRoutes,
} from '@cortex-os/plugin-memory';
import { startRuntime } from '@cortex-os/runtime';
import { createFaultyIo, type FaultyIo } from '../../packages/plugin-memory/test/storage/faultyIo.js';

const root = mkdtempSync(join(tmpdir(), 'memory-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const http = () =>
  httpPlugin({ port: 0, metrics: { enabled: false, path: '/metrics', defaultMetrics: false }, tracing: { enabled: false } });

async function start(plugins: readonly Plugin[]) {
  const runtime = await startRuntime(createTestKernel({ plugins }), { signals: false });
  const url = (path: string) => new URL(path, runtime.address?.url);
  return Object.assign(runtime, {
    get: async (path: string) => {
      const response = await fetch(url(path));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    post: async (path: string, body: unknown) => {
      const response = await fetch(url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    },
  });
}

/** The memory routes and health indicator over a store opened with a faulty file system. */
function faultyMemoryPlugin(io: FaultyIo, dataDir: string) {
  return definePlugin({
    name: 'memory-faulty',
    version: '1.0.0',
    requires: { http: httpServiceToken },
    provides: { health: healthIndicatorToken },
    async start({ deps }) {
      const backend = await createSqliteMemoryStore({ dataDir, io, onWarning: () => {} });
      const service = createMemoryService({ backend });
      mountMemoryRoutes(deps.http, service);
      return { health: [createMemoryHealthIndicator(service)] };
    },
  })();
}

describe('storage faults over REST and /ready', () => {
  it.each([
    ['ENOSPC', 507, 'MEMORY_STORAGE_FULL'],
    ['EROFS', 503, 'MEMORY_STORAGE_UNWRITABLE'],
  ])('%s: a write answers %i %s without leaking, /ready is 503 naming memory, and both recover', async (fault, status, code) => {
    const io = createFaultyIo();
    const dataDir = join(root, `faulty-${fault}`);
    await using runtime = await start([http(), healthPlugin({ cacheMs: 0 }), faultyMemoryPlugin(io, dataDir)]);
    expect((await runtime.post('/api/v1/memories', { text: 'before the fault' })).status).toBe(201);
    io.fail(fault, ['transaction']);
    const refused = await runtime.post('/api/v1/memories', { memories: [{ text: 'refused one' }, { text: 'refused two' }] });
    expect(refused.status).toBe(status);
    expect(JSON.parse(refused.text)).toMatchObject({ code, status });
    expect(refused.text).not.toContain(dataDir);
    expect(refused.text).not.toContain('/data/secret');
    expect(refused.text).not.toMatch(/SQLITE|database or disk/);
    const ready = await runtime.get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body['output']).toContain(`memory.store:count: writes refused (${code})`);
    io.heal();
    io.tick();
    expect((await runtime.get('/ready')).status).toBe(200);
    expect((await runtime.post('/api/v1/memories', { text: 'after recovery' })).status).toBe(201);
    const list = await runtime.get('/api/v1/memories');
    expect((list.body['items'] as { text: string }[]).map((m) => m.text)).toEqual(['after recovery', 'before the fault']);
  });

  it('the memory plugin refuses writes with 503 once its data folder is removed, and /ready names it', async () => {
    const dataDir = join(root, 'plugin-removed');
    await using runtime = await start([http(), healthPlugin({ cacheMs: 0 }), memoryPlugin({ dataDir })]);
    expect((await runtime.post('/api/v1/memories', { text: 'acknowledged before the removal' })).status).toBe(201);
    expect((await runtime.get('/ready')).status).toBe(200);
    rmSync(dataDir, { recursive: true, force: true });
    const refused = await runtime.post('/api/v1/memories', { text: 'after the removal' });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'MEMORY_DATA_DIR_REMOVED' });
    expect(refused.text).not.toContain(dataDir);
    const ready = await runtime.get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body['output']).toContain('memory.store:count: writes refused (MEMORY_DATA_DIR_REMOVED)');
  });
});
