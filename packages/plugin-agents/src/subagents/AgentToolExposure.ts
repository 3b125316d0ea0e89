import type { Disposer, ExtensionPointContributions, ToolRegistry } from '@cortex-os/kernel';
import type { AgentDefinition } from '../definition/AgentDefinition.js';
import { type AgentToolRunner, agentTool } from './agentTool.js';

/**
 * Keeps one registry tool per agent that asks for it (`asTool`), following the agents as their
 * contributors start and stop.
 */
export class AgentToolExposure implements Disposable {
  readonly #tools: ToolRegistry;
  readonly #runner: AgentToolRunner;
  readonly #maxDepth: number;
  readonly #registered = new Map<AgentDefinition, Disposer>();
  readonly #stopFollowing: Disposer;

  constructor(agents: ExtensionPointContributions<AgentDefinition>, tools: ToolRegistry, runner: AgentToolRunner, maxDepth: number) {
    this.#tools = tools;
    this.#runner = runner;
    this.#maxDepth = maxDepth;
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

  #add(agent: AgentDefinition): void {
    if (!agent.asTool || this.#registered.has(agent)) return;
    this.#registered.set(agent, this.#tools.register(agentTool(agent, this.#runner, this.#maxDepth)));
  }

  #remove(agent: AgentDefinition): void {
    this.#registered.get(agent)?.();
    this.#registered.delete(agent);
  }
}
