import type { TaskEvent, TaskRecord, TaskState, TaskStep, TaskStepKind } from '../TaskRecord.js';

/** A `tasks` row as both drivers return it (PostgreSQL gives BIGINT columns as strings). */
export interface TaskRow {
  id: string;
  agent: string;
  input: string;
  state: TaskState;
  principal: string;
  worker: string | null;
  lease_until: number | string | null;
  reason: string | null;
  output: string | null;
  created_at: number | string;
  updated_at: number | string;
}

/** A `task_steps` row. */
export interface StepRow {
  seq: number;
  kind: TaskStepKind;
  call_id: string;
  input: string;
  status: 'started' | 'done' | 'rerun';
  output: string | null;
  started_at: number | string;
  ended_at: number | string | null;
}

/** A `task_events` row. */
export interface EventRow {
  task_id: string;
  seq: number;
  type: 'status' | 'step';
  data: string;
  at: number | string;
}

const parsed = (text: string | null): unknown => (text === null ? undefined : (JSON.parse(text) as unknown));
const optionalNumber = (value: number | string | null): number | undefined => (value === null ? undefined : Number(value));

/** The record of a `tasks` row. */
export function taskFromRow(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    agent: row.agent,
    input: JSON.parse(row.input) as unknown,
    state: row.state,
    principal: row.principal,
    worker: row.worker ?? undefined,
    leaseUntil: optionalNumber(row.lease_until),
    reason: row.reason ?? undefined,
    output: parsed(row.output),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The step of a `task_steps` row. */
export function stepFromRow(row: StepRow): TaskStep {
  return {
    seq: row.seq,
    kind: row.kind,
    callId: row.call_id,
    input: JSON.parse(row.input) as unknown,
    status: row.status,
    output: parsed(row.output),
    startedAt: Number(row.started_at),
    endedAt: optionalNumber(row.ended_at),
  };
}

/** The event of a `task_events` row. */
export function eventFromRow(row: EventRow): TaskEvent {
  return { taskId: row.task_id, id: row.seq, type: row.type, at: Number(row.at), data: JSON.parse(row.data) } as TaskEvent;
}
