/**
 * The PostgreSQL + pgvector memory store, on its own entry so that a process using the embedded
 * SQLite store never loads the `pg` driver. `memoryPlugin` loads it only when
 * `store: { kind: 'postgres' }` is configured.
 *
 * @packageDocumentation
 */
export { createPostgresMemoryStore, type CreatePostgresMemoryStoreOptions, type PostgresHnswOptions } from './createPostgresMemoryStore.js';
