export { TaskError } from './errors/TaskError.js';
export { type TaskErrorCode, taskErrorCatalogue } from './errors/taskErrorCatalogue.js';
export { type NewTask, SqliteTaskStore, type SqliteTaskStoreOptions } from './store/SqliteTaskStore.js';
export type { TaskRecord, TaskState, TaskStep, TaskStepKind } from './store/TaskRecord.js';
export { type JournalCall, type JournalOutcome, TaskJournal } from './store/TaskJournal.js';
export {
  type AgentTaskInput,
  AgentTaskWorker,
  type AgentTaskWorkerOptions,
  type TaskTimer,
} from './agents/AgentTaskWorker.js';
export { TaskRunJournal } from './agents/TaskRunJournal.js';
export { currentTaskCall, type TaskCall } from './agents/taskCall.js';
