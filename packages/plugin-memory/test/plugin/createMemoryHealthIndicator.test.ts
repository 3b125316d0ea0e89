import { describe, expect, it } from 'vitest';
import { createMemoryHealthIndicator, type MemoryStorageHealth } from '@cortex-os/plugin-memory';
import type { MemoryService } from '../../src/service/MemoryService.js';

type ServiceStats = Awaited<ReturnType<MemoryService['stats']>>;
const base: ServiceStats = {
  total: 3,
  byKind: { note: 3 },
  byModality: { text: 3, image: 0, audio: 0, video: 0 },
  byTier: { stm: 0, ltm: 3 },
  sizeBytes: 1,
  embedding: undefined,
  index: { kind: 'hnsw', size: 0, expected: 0, openedBy: 'empty' },
  semantic: { available: true },
};
const check = (stats: Partial<ServiceStats> & { storage?: MemoryStorageHealth }) =>
  createMemoryHealthIndicator({ stats: async () => ({ ...base, ...stats }) }).check(new AbortController().signal);

describe('createMemoryHealthIndicator', () => {
  it('passes with the number of memories', async () => {
    expect(await check({ storage: { status: 'ok' } })).toEqual({
      status: 'pass',
      observedValue: 3,
      observedUnit: 'memories',
      componentType: 'datastore',
    });
  });

  it('fails while writes are refused, naming the code, so /ready answers 503', async () => {
    expect(await check({ storage: { status: 'failing', code: 'MEMORY_STORAGE_FULL', reason: 'the disk is full' } })).toMatchObject({
      status: 'fail',
      output: 'writes refused (MEMORY_STORAGE_FULL): the disk is full',
    });
  });

  it('warns while keyword-only or when the vector index cannot be saved', async () => {
    expect(
      await check({ semantic: { available: false, reason: 'no router' }, storage: { status: 'degraded', reason: 'index not saved' } }),
    ).toMatchObject({ status: 'warn', output: 'keyword-only: no router; index not saved' });
  });

  it('fails when the store cannot be read', async () => {
    const indicator = createMemoryHealthIndicator({
      stats: async () => {
        throw new Error('closed');
      },
    });
    expect(await indicator.check(new AbortController().signal)).toMatchObject({
      status: 'fail',
      output: 'memory store unreachable: closed',
    });
  });
});
