/**
 * Test kit for code that runs agents: the plugins of a small agent runtime around a model the
 * caller gives (a scripted one in tests), and doubles of the memory tools agents call.
 * Runner-free: nothing here imports a test runner.
 *
 * @packageDocumentation
 */
export { agentRuntimePlugins, type AgentRuntimePluginsOptions } from './agentRuntimePlugins.js';
export { type RecordedMemoryHit, recordingMemoryTools } from './recordingMemoryTools.js';
