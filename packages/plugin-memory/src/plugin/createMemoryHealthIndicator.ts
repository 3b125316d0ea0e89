import type { HealthCheckResult, HealthIndicator } from '@cortex-os/kernel';
import type { MemoryService } from '../service/MemoryService.js';

/**
 * The memory plugin's critical health indicator `memory.store:count`: `fail` while the store
 * refuses writes (disk full, data folder unwritable or removed; `/ready` answers 503 naming it) or
 * cannot be read, `warn` while it is keyword-only or cannot save its vector index, else `pass`,
 * with the number of memories as its observed value. It recovers by itself when the store does.
 * @public
 */
export function createMemoryHealthIndicator(service: Pick<MemoryService, 'stats'>): HealthIndicator {
  return {
    name: 'memory.store:count',
    critical: true,
    timeoutMs: 2_000,
    async check(): Promise<HealthCheckResult> {
      let stats: Awaited<ReturnType<MemoryService['stats']>>;
      try {
        stats = await service.stats();
      } catch (error) {
        return { status: 'fail', output: `memory store unreachable: ${(error as Error).message}`, componentType: 'datastore' };
      }
      const base = { observedValue: stats.total, observedUnit: 'memories', componentType: 'datastore' } as const;
      const storage = stats.storage;
      if (storage?.status === 'failing')
        return { status: 'fail', ...base, output: `writes refused (${storage.code ?? 'unknown'}): ${storage.reason ?? 'storage failing'}` };
      const problems = [
        ...(stats.semantic.available ? [] : [`keyword-only: ${stats.semantic.reason ?? 'semantic search unavailable'}`]),
        ...(storage?.status === 'degraded' ? [storage.reason ?? 'storage degraded'] : []),
      ];
      return problems.length === 0 ? { status: 'pass', ...base } : { status: 'warn', ...base, output: problems.join('; ') };
    },
  };
}
