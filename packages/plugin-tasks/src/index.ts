export { TaskError } from './errors/TaskError.js';
export { type TaskErrorCode, taskErrorCatalogue } from './errors/taskErrorCatalogue.js';
export type { NewTask, TaskCallResolution, TaskEnd, TaskListFilter, TaskRanCall, TaskStore } from './store/TaskStore.js';
export { SqlTaskStore } from './store/SqlTaskStore.js';
export { SqliteTaskStore, type SqliteTaskStoreOptions } from './store/SqliteTaskStore.js';
export { PostgresTaskStore, type PostgresTaskStoreOptions } from './store/PostgresTaskStore.js';
export type { TaskSqlDialect, TaskSqlDriver, TaskSqlTransaction } from './store/sql/TaskSqlDriver.js';
export type { TaskEvent, TaskRecord, TaskState, TaskStep, TaskStepKind } from './store/TaskRecord.js';
export { type JournalCall, type JournalOutcome, TaskJournal, type TaskJournalOptions } from './store/TaskJournal.js';
export {
  type AgentTaskInput,
  AgentTaskWorker,
  type AgentTaskWorkerOptions,
  type TaskTimer,
} from './agents/AgentTaskWorker.js';
export { TaskRunJournal } from './agents/TaskRunJournal.js';
export {
  type AgentJournalCaller,
  type AgentToolCallOptions,
  agentJournalIds,
  journalAgentModelCall,
  journalAgentToolCall,
} from './agents/agentJournalCalls.js';
export { currentTaskCall, type TaskCall } from './agents/taskCall.js';
export type { TaskRunner, TaskRunnerContext, TaskRunnerOutcome } from './runners/TaskRunner.js';
export { TaskRunnerRegistry } from './runners/TaskRunnerRegistry.js';
export { taskRunnersToken } from './runners/taskRunnersToken.js';
export { tasksPlugin, type TasksPluginOptions, type TasksPluginOptionsInput } from './plugin/tasksPlugin.js';
export { tasksServiceToken } from './plugin/tasksServiceToken.js';
export type { TaskAnswer, TasksService, TaskView } from './service/TasksService.js';
export { createTaskTools, taskToolNames } from './tools/createTaskTools.js';
export { mountTaskRoutes } from './rest/mountTaskRoutes.js';
export { mountAgentRoutes } from './rest/mountAgentRoutes.js';
