/**
 * The PostgreSQL + pgvector memory store and its parts (migrations, keyword search, errors).
 *
 * @packageDocumentation
 */
export { createPostgresMemoryStore, type CreatePostgresMemoryStoreOptions, type PostgresHnswOptions } from './createPostgresMemoryStore.js';
export { postgresMemoryMigrations, type PostgresMigration, type PostgresMemoryNames } from './postgresMemoryMigrations.js';
export { runPostgresMigrations, type PostgresMigrationReport } from './runPostgresMigrations.js';
