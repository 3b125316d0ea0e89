/**
 * A durable, queryable event log for Cortex-OS runtimes (a SQLite file or PostgreSQL) and the
 * `/a2a/events` endpoints over it.
 *
 * @packageDocumentation
 */
export type { EventLog, EventLogPage, EventLogQuery, EventLogRequestKey, EventLogRetention } from './log/EventLog.js';
export { openEventLog, type OpenEventLogOptions } from './log/openEventLog.js';
export { EventLogError } from './errors/EventLogError.js';
export { eventLogErrorCatalogue, type EventLogErrorCode } from './errors/eventLogErrorCatalogue.js';
export { defaultEventLogFile } from './plugin/eventLogFile.js';
export { eventsPlugin, eventsPluginOptions, type EventsPluginOptions, type EventsPluginOptionsInput } from './plugin/eventsPlugin.js';
export {
  eventsServiceToken,
  type EventsPublishInput,
  type EventsPublishResult,
  type EventsService,
} from './plugin/EventsService.js';
export type { EventRecorderStats } from './plugin/EventRecorder.js';
export { mountEventRoutes } from './rest/mountEventRoutes.js';
export type { EventSocketOverflow } from './socket/EventSocketSender.js';
export { mountEventSocket, type MountEventSocketOptions } from './socket/mountEventSocket.js';
