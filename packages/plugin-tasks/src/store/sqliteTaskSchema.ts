/** The task store's tables: one row per task and one per checkpointed call. */
export const sqliteTaskSchema = `
CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY,
  agent TEXT NOT NULL,
  input TEXT NOT NULL,
  state TEXT NOT NULL,
  principal TEXT NOT NULL,
  worker TEXT,
  lease_until INTEGER,
  reason TEXT,
  output TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_claimable ON tasks (state, lease_until);
CREATE INDEX IF NOT EXISTS tasks_finished ON tasks (state, updated_at);
CREATE TABLE IF NOT EXISTS task_steps (
  task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  call_id TEXT NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL,
  output TEXT,
  PRIMARY KEY (task_id, seq)
);
`;
