import { describe, expect, it } from 'vitest';
import { postgresMemoryMigrations } from '../../src/postgres/postgresMemoryMigrations.js';
import { postgresMigrationChecksum } from '../../src/postgres/runPostgresMigrations.js';

describe('postgresMemoryMigrations', () => {
  it('are numbered 1, 2, … and render into the given schema only', () => {
    expect(postgresMemoryMigrations.map((m) => m.version)).toEqual(postgresMemoryMigrations.map((_, i) => i + 1));
    for (const m of postgresMemoryMigrations) {
      const sql = m.sql({ schema: '"s1"', vector: '"ext"' });
      for (const [, name] of sql.matchAll(/(?:TABLE|INDEX \w+ ON|FUNCTION|TRIGGER \w+ \w+ \w+ ON)\s+("?[\w$]+"?)\./g))
        expect(name).toBe('"s1"');
    }
    expect(postgresMemoryMigrations[1]?.sql({ schema: '"s1"', vector: '"ext"' })).toBe(
      'ALTER TABLE "s1".memories ADD COLUMN embedding "ext".vector;',
    );
  });

  it('have checksums that do not depend on the schema, and pin the released SQL', () => {
    expect(postgresMemoryMigrations.map(postgresMigrationChecksum)).toEqual(postgresMemoryMigrations.map(postgresMigrationChecksum));
    // Changing an applied migration breaks every database that ran it: add a new migration instead.
    expect(postgresMemoryMigrations.map(postgresMigrationChecksum)).toMatchInlineSnapshot(`
      [
        "e23bb95accd72aee",
        "0b41c0cef86c90c2",
        "49de4acd387433c3",
      ]
    `);
  });
});
