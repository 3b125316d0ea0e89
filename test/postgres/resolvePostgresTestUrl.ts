import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/**
 * The URL of the test PostgreSQL: `CORTEX_TEST_POSTGRES_URL`, else the one
 * `scripts/services/postgres.sh start` wrote to `.cache/services/postgres.env`. Only
 * 127.0.0.1 is accepted: tests never connect anywhere else.
 */
export function resolvePostgresTestUrl(): { url?: string; reason?: string } {
  let url = process.env['CORTEX_TEST_POSTGRES_URL'];
  const envFile = join(root, '.cache', 'services', 'postgres.env');
  if ((url === undefined || url === '') && existsSync(envFile)) {
    url = /^CORTEX_TEST_POSTGRES_URL=(.+)$/m.exec(readFileSync(envFile, 'utf8'))?.[1]?.trim();
  }
  if (url === undefined || url === '')
    return {
      reason:
        'CORTEX_TEST_POSTGRES_URL is not set and .cache/services/postgres.env is missing: run `bash scripts/services/postgres.sh start`',
    };
  if (new URL(url).hostname !== '127.0.0.1')
    return { reason: `CORTEX_TEST_POSTGRES_URL must point at 127.0.0.1, not ${new URL(url).hostname}` };
  return { url };
}
