export { TaskError } from './errors/TaskError.js';
export { type TaskErrorCode, taskErrorCatalogue } from './errors/taskErrorCatalogue.js';
export { type NewTask, SqliteTaskStore, type SqliteTaskStoreOptions, type TaskListFilter } from './store/SqliteTaskStore.js';
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
export { tasksPlugin, type TasksPluginOptions, type TasksPluginOptionsInput } from './plugin/tasksPlugin.js';
export { tasksServiceToken } from './plugin/tasksServiceToken.js';
export type { TaskAnswer, TasksService, TaskView } from './service/TasksService.js';
export { createTaskTools, taskToolNames } from './tools/createTaskTools.js';
export { mountTaskRoutes } from './rest/mountTaskRoutes.js';
export { mountAgentRoutes } from './rest/mountAgentRoutes.js';
