/**
 * Test helpers for HTTP model-provider packages: a real HTTP server on 127.0.0.1 that records
 * requests, answers in JSON, server-sent events or NDJSON, and a port where nothing listens.
 * Runner-free: nothing here imports a test runner.
 *
 * @packageDocumentation
 */
export {
  startTestHttpServer,
  type TestHttpServer,
  type TestHttpServerHandler,
  type TestHttpServerRequest,
} from './startTestHttpServer.js';
export { sendJson } from './sendJson.js';
export { sendSse } from './sendSse.js';
export { sendNdjson } from './sendNdjson.js';
export type { SendStreamOptions } from './SendStreamOptions.js';
export { closedPort } from './closedPort.js';
