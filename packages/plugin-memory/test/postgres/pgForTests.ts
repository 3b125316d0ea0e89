// Root-level integration tests (test/postgres/) cannot resolve this package's dependencies
// themselves under pnpm, so they take `pg` from here.
import pg from 'pg';

export { pg };
export type { Pool, PoolClient } from 'pg';
