import type { Disposer, ExtensionPointContributions, ToolDefinition, ToolRegistry } from '@cortex-os/kernel';
import type { z } from 'zod';

/**
 * Keeps one registry tool per contributed agent that asks for it, following the agents as their
 * contributors start and stop. `toolOf` builds the tool, or returns undefined for an agent that is
 * not exposed (a local agent without `asTool`).
 */
export class AgentToolExposure<T extends object> implements Disposable {
  readonly #tools: ToolRegistry;
  readonly #toolOf: (agent: T) => ToolDefinition<z.ZodType, z.ZodType> | undefined;
  readonly #registered = new Map<T, Disposer>();
  readonly #stopFollowing: Disposer;

  constructor(
    agents: ExtensionPointContributions<T>,
    tools: ToolRegistry,
    toolOf: (agent: T) => ToolDefinition<z.ZodType, z.ZodType> | undefined,
  ) {
    this.#tools = tools;
    this.#toolOf = toolOf;
    for (const agent of agents.values()) this.#add(agent);
    this.#stopFollowing = agents.onChange(({ added, removed }) => {
      for (const { value } of removed) this.#remove(value);
      for (const { value } of added) this.#add(value);
    });
  }

  [Symbol.dispose](): void {
    this.#stopFollowing();
    for (const agent of [...this.#registered.keys()]) this.#remove(agent);
  }

  #add(agent: T): void {
    if (this.#registered.has(agent)) return;
    const tool = this.#toolOf(agent);
    if (tool !== undefined) this.#registered.set(agent, this.#tools.register(tool));
  }

  #remove(agent: T): void {
    this.#registered.get(agent)?.();
    this.#registered.delete(agent);
  }
}
