/**
 * Test helpers for memory stores that need no test runner: a deterministic embedder, so store
 * tests need no model. The behaviour suite every store runs is in
 * `@cortex-os/plugin-memory/testing/vitest`.
 *
 * @packageDocumentation
 */
export { createDeterministicEmbedder } from './createDeterministicEmbedder.js';
