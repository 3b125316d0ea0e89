import type { ChatMessage } from '@cortex-os/kernel/router';

/**
 * Where threads keep their history: the messages of every completed run that continued the
 * thread, oldest first. Give `agentsPlugin({ threads })` a durable one; the default keeps them in
 * memory for the runtime's life.
 * @public
 */
export interface AgentThreadStore {
  /** The thread's messages, oldest first; empty for a thread never seen. */
  load(threadId: string): Promise<readonly ChatMessage[]>;
  /** Appends a completed run's messages (its input, then every step's) to the thread. */
  append(threadId: string, messages: readonly ChatMessage[]): Promise<void>;
}

/** Threads in a map, for the runtime's life. */
class MemoryThreadStore implements AgentThreadStore {
  readonly #threads = new Map<string, readonly ChatMessage[]>();

  async load(threadId: string): Promise<readonly ChatMessage[]> {
    return this.#threads.get(threadId) ?? [];
  }

  async append(threadId: string, messages: readonly ChatMessage[]): Promise<void> {
    this.#threads.set(threadId, Object.freeze([...(this.#threads.get(threadId) ?? []), ...messages]));
  }
}

/**
 * Creates an {@link AgentThreadStore} that keeps threads in memory (the agents plugin's default).
 * @public
 */
export function createMemoryThreadStore(): AgentThreadStore {
  return new MemoryThreadStore();
}
