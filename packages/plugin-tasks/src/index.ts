export { TaskError } from './errors/TaskError.js';
export { type TaskErrorCode, taskErrorCatalogue } from './errors/taskErrorCatalogue.js';
export { type NewTask, SqliteTaskStore, type SqliteTaskStoreOptions } from './store/SqliteTaskStore.js';
export type { TaskRecord, TaskState, TaskStep } from './store/TaskRecord.js';
export { type JournalCall, type JournalOutcome, TaskJournal } from './store/TaskJournal.js';
