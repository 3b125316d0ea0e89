import { pg } from '../../packages/plugin-tasks/test/postgres/pgForTests.js';
import { resolvePostgresTestUrl } from '../postgres/resolvePostgresTestUrl.js';

/**
 * The test PostgreSQL of `bash scripts/services/postgres.sh start`, probed once: its URL, or why
 * it is unavailable. Required when CI=true (the importing file fails to load, which the test
 * command counts as a failure); otherwise the PostgreSQL tests are skipped loudly.
 */
async function probe(): Promise<{ readonly url: string; readonly unavailable: string | undefined }> {
  const resolved = resolvePostgresTestUrl();
  if (resolved.url === undefined) return { url: '', unavailable: resolved.reason };
  const client = new pg.Client({ connectionString: resolved.url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return { url: resolved.url, unavailable: undefined };
  } catch (error) {
    return {
      url: resolved.url,
      unavailable: `cannot connect: ${(error as Error).message}; run \`bash scripts/services/postgres.sh start\``,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresForTasks = await probe();
if (postgresForTasks.unavailable !== undefined && process.env['CI'] === 'true')
  throw new Error(`PostgreSQL is required when CI=true: ${postgresForTasks.unavailable}`);
if (postgresForTasks.unavailable !== undefined)
  console.warn(`\n!!! SKIPPING the PostgreSQL task store tests: ${postgresForTasks.unavailable}\n`);

const schemas: string[] = [];
let next = 0;

/** A schema of its own for one store; {@link dropTestSchemas} removes them all. */
export function freshTaskSchema(): string {
  const schema = `tasks_${process.pid}_${next++}`;
  schemas.push(schema);
  return schema;
}

/** Drops the schemas {@link freshTaskSchema} named. */
export async function dropTestSchemas(): Promise<void> {
  if (postgresForTasks.unavailable !== undefined) return;
  const pool = new pg.Pool({ connectionString: postgresForTasks.url, max: 1 });
  for (const schema of schemas.splice(0)) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
}
