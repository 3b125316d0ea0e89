/**
 * The task store's tables: one row per task, per checkpointed call, and per task event. The same
 * for every driver but for the type of times (ms since the epoch): SQLite's INTEGER holds them,
 * PostgreSQL needs BIGINT. Each statement is idempotent.
 */
export function taskSchema(time: 'INTEGER' | 'BIGINT'): readonly string[] {
  return [
    `CREATE TABLE IF NOT EXISTS tasks (
      id TEXT PRIMARY KEY,
      agent TEXT NOT NULL,
      input TEXT NOT NULL,
      state TEXT NOT NULL,
      principal TEXT NOT NULL,
      worker TEXT,
      lease_until ${time},
      reason TEXT,
      output TEXT,
      created_at ${time} NOT NULL,
      updated_at ${time} NOT NULL
    )`,
    'CREATE INDEX IF NOT EXISTS tasks_claimable ON tasks (state, lease_until)',
    'CREATE INDEX IF NOT EXISTS tasks_finished ON tasks (state, updated_at)',
    'CREATE INDEX IF NOT EXISTS tasks_by_age ON tasks (created_at, id)',
    `CREATE TABLE IF NOT EXISTS task_steps (
      task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL,
      call_id TEXT NOT NULL,
      input TEXT NOT NULL,
      status TEXT NOT NULL,
      output TEXT,
      started_at ${time} NOT NULL,
      ended_at ${time},
      PRIMARY KEY (task_id, seq)
    )`,
    `CREATE TABLE IF NOT EXISTS task_events (
      task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      at ${time} NOT NULL,
      PRIMARY KEY (task_id, seq)
    )`,
  ];
}
