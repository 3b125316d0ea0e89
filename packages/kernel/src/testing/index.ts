/**
 * Test helpers for Cortex-OS plugin authors: a quiet kernel, fake clock, deferred promises, event
 * and tool fixtures, and error assertions. Runner-free: they fail through `node:assert`'s
 * `AssertionError`, which vitest, Jest, Mocha and `node:test` all report.
 *
 * @packageDocumentation
 */
export { createTestKernel, type CreateTestKernelOptions, type TestKernel } from './createTestKernel.js';
export { createTestLogger, type CreateTestLoggerOptions, type TestLogger, type TestLogEntry } from './createTestLogger.js';
export { createFakeClock, type CreateFakeClockOptions, type FakeClock } from './createFakeClock.js';
export { deferred, type Deferred } from './deferred.js';
export {
  createEventRecorder,
  type CreateEventRecorderOptions,
  type EventRecorder,
  type EventRecorderWaitOptions,
} from './createEventRecorder.js';
export { createTestTool, type TestTool, type TestToolCall } from './createTestTool.js';
export { expectCortexError } from './expectCortexError.js';
export { rejectionOf } from './rejectionOf.js';
