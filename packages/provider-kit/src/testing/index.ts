/**
 * Test helpers for HTTP model-provider packages: a real HTTP server on 127.0.0.1 that records
 * requests, answers in JSON, server-sent events or NDJSON, and a port where nothing listens;
 * and, for code that calls models (agents), a scripted model provider that answers from a
 * script and records what it was sent; and a fake of the OpenAI Chat Completions API that checks
 * requests against the documented shape and answers scripted replies. Runner-free: nothing here
 * imports a test runner.
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
export {
  createScriptedModelProvider,
  type CreateScriptedModelProviderOptions,
  type ScriptedModelProvider,
  type ScriptedModelReply,
  type ScriptedModelRequest,
  type ScriptedModelStep,
  type ScriptedModelToolCall,
} from './createScriptedModelProvider.js';
export {
  startFakeOpenAiChatServer,
  type FakeOpenAiChatServer,
  type FakeOpenAiChatRequest,
  type FakeOpenAiRejectedRequest,
  type FakeOpenAiReply,
  type FakeOpenAiToolCall,
  type StartFakeOpenAiChatServerOptions,
} from './startFakeOpenAiChatServer.js';
export type { FakeOpenAiRejection } from './checkOpenAiChatRequest.js';
