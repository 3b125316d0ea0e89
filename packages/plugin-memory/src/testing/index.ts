/**
 * Test helpers for memory stores: the behaviour suite every {@link MemoryStore} implementation
 * runs, and a deterministic embedder.
 *
 * @packageDocumentation
 */
export { describeMemoryStoreBehaviour, type MemoryStoreBehaviourContext } from './describeMemoryStoreBehaviour.js';
export { createDeterministicEmbedder } from './createDeterministicEmbedder.js';
