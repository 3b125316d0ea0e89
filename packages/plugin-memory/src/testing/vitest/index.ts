/**
 * The memory store behaviour suite for vitest: the tests every {@link @cortex-os/plugin-memory#MemoryStore}
 * implementation must pass. A separate entry from `@cortex-os/plugin-memory/testing` because it
 * imports vitest (an optional peer dependency), which the rest of the testing helpers never load.
 *
 * @packageDocumentation
 */
export { describeMemoryStoreBehaviour, type MemoryStoreBehaviourContext } from './describeMemoryStoreBehaviour.js';
