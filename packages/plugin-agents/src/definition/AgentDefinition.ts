import type { ToolAnnotations } from '@cortex-os/kernel';
import type { RouterPolicy } from '@cortex-os/kernel/router';
import type { z } from 'zod';
import type { AgentBudgetLimits, AgentBudgets } from './AgentBudgets.js';

/**
 * How an agent's model requests are routed and sampled.
 * @public
 */
export interface AgentModelOptions {
  /**
   * The model to ask for; other models may answer unless `policy.allowModelFallback` is `false`.
   * @defaultValue the serving provider's default model
   */
  readonly model?: string;
  /** Router policy of the agent's requests (merged with the runtime's: locality, capabilities, provider order, cost ceiling). */
  readonly policy?: RouterPolicy;
  /** Sampling temperature; 0 for the most deterministic replies. */
  readonly temperature?: number;
  /**
   * Most tokens one reply may take; the token and cost budgets may allow fewer.
   * @defaultValue none: only the budgets limit a reply
   */
  readonly maxReplyTokens?: number;
}

/**
 * How much of a thread's history a run that continues it sends to the model.
 * @public
 */
export interface AgentHistoryOptions {
  /**
   * Most tokens of history (estimated) sent with each request; the newest whole turns that fit are kept.
   * @defaultValue `4000`
   */
  readonly maxTokens?: number;
  /** The model that summarises older turns that no longer fit; without one they are dropped, oldest first. */
  readonly summarizer?: AgentModelOptions;
}

/**
 * When an agent is offered a `tools.search` meta-tool instead of every tool's schema.
 * @public
 */
export interface AgentToolSearchOptions {
  /**
   * Above this many allowed tools, the model is offered `tools.search` and the tools it finds
   * (loaded from its next reply on) instead of them all.
   * @defaultValue `30`
   */
  readonly threshold?: number;
  /**
   * Most tools one search returns.
   * @defaultValue `5`
   */
  readonly maxResults?: number;
}

/**
 * Whose memories an agent recalls and writes; each scope is a tag on the memory, and a recall
 * finds only memories with every tag of the run's scopes.
 * - `agent`: the agent's namespace (`agent:<namespace>`);
 * - `user`: the run's `userId` (`user:<id>`), which runs must then pass;
 * - `thread`: the run's `threadId` (`thread:<id>`), which runs must then pass.
 * @public
 */
export type AgentMemoryScope = 'agent' | 'user' | 'thread';

/**
 * What an agent writes back to memory: `answer` stores each completed run's input and answer;
 * `remember` offers the model the `memory.remember` meta-tool to store what it decides to keep.
 * @public
 */
export type AgentMemoryWriteBack = 'answer' | 'remember';

/**
 * Memory recall and write-back through the runtime's memory tools (`memory.search`,
 * `memory.store` of `@cortex-os/plugin-memory`).
 * @public
 */
export interface AgentMemoryOptions {
  /**
   * The scopes a memory must belong to, to be recalled; written memories get the tags of all of them.
   * @defaultValue `['agent']`
   */
  readonly scope?: readonly AgentMemoryScope[];
  /**
   * The `agent` scope's name; agents with the same namespace share memories.
   * @defaultValue the agent's name
   */
  readonly namespace?: string;
  /**
   * Most memories one recall asks for (hybrid search with the run's input as the query).
   * @defaultValue `5`
   */
  readonly topK?: number;
  /** Memories scoring below this are not recalled. @defaultValue none */
  readonly minScore?: number;
  /**
   * Most tokens (estimated) of recalled memories in the context; the most relevant that fit are kept.
   * @defaultValue `1000`
   */
  readonly maxTokens?: number;
  /**
   * What the agent writes back; `[]` only recalls.
   * @defaultValue `['remember']`
   */
  readonly writeBack?: readonly AgentMemoryWriteBack[];
}

/**
 * An agent's memory options with defaults applied.
 * @public
 */
export interface AgentMemoryPolicy {
  /** The scopes recalled memories belong to and written memories get. */
  readonly scope: readonly AgentMemoryScope[];
  /** The `agent` scope's name. */
  readonly namespace: string;
  /** Most memories one recall asks for. */
  readonly topK: number;
  /** The lowest score recalled, when set. */
  readonly minScore?: number;
  /** Most tokens of recalled memories in the context. */
  readonly maxTokens: number;
  /** What the agent writes back. */
  readonly writeBack: readonly AgentMemoryWriteBack[];
}

/**
 * A tool call the model made, as approval policies and approvers see it.
 * @public
 */
export interface AgentToolCallInfo {
  /** The agent's name. */
  readonly agent: string;
  /** The tool's name. */
  readonly tool: string;
  /** The model's id of the call. */
  readonly callId: string;
  /** The arguments, parsed and validated against the tool's input schema. */
  readonly input: unknown;
  /** The tool's annotations, when it declares them. */
  readonly annotations?: ToolAnnotations;
}

/**
 * Which tool calls need approval before they run. Read-only tools (`readOnlyHint: true`) never do.
 * - `destructive`: tools that may destroy data — not read-only and `destructiveHint` not `false`
 *   (a tool without annotations counts as destructive, as MCP clients assume);
 * - a list of tool names or glob patterns;
 * - a function of the call, true when it needs approval.
 * @public
 */
export type AgentApprovalPolicy = 'destructive' | readonly string[] | ((call: AgentToolCallInfo) => boolean);

/**
 * What {@link defineAgent} takes. `output` makes the agent answer with JSON matching the schema.
 * @public
 */
export interface DefineAgentOptions<S extends z.ZodType | undefined = undefined> {
  /** Unique per runtime: lowercase letters, digits, `-` and `_`, starting with a letter (1–64 characters). */
  readonly name: string;
  /** What the agent does, in plain words; other agents and MCP clients choose it by this. */
  readonly description: string;
  /** The system instructions the model receives first in every run. */
  readonly instructions: string;
  /** Routing and sampling of the agent's model requests. */
  readonly model?: AgentModelOptions;
  /**
   * The registry tools the agent may call, by exact name or glob pattern (`*` any run of
   * characters, `?` one character), checked when the runtime starts.
   * @defaultValue `[]`: no tools
   */
  readonly tools?: readonly string[];
  /** Schema of the agent's structured output; its final answer is then JSON validated against it. */
  readonly output?: S;
  /**
   * Which tool calls need approval from the run's `approve` callback (denied when there is none).
   * @defaultValue `'destructive'`
   */
  readonly approval?: AgentApprovalPolicy;
  /** Limits that end a run; every one has a default. */
  readonly budgets?: AgentBudgets;
  /**
   * Also register the agent as the tool `agent.<name>`, for other agents (which then carve its
   * budgets out of theirs) and MCP or REST callers.
   * @defaultValue `false`
   */
  readonly asTool?: boolean;
  /** How much of a thread's history a run that continues it (`threadId`) sends to the model. */
  readonly history?: AgentHistoryOptions;
  /**
   * Tool search for agents with many tools; `false` always offers every allowed tool.
   * @defaultValue `{ threshold: 30, maxResults: 5 }`
   */
  readonly toolSearch?: AgentToolSearchOptions | false;
  /**
   * Recall memories into the context before the model's first call, and write back per policy;
   * needs the memory tools in the runtime (`AGENT_MEMORY_UNAVAILABLE` otherwise).
   * @defaultValue none: the agent neither recalls nor writes memories
   */
  readonly memory?: AgentMemoryOptions;
}

/**
 * The output of an agent defined with schema `S`: its parsed type, or the final text without one.
 * @public
 */
export type AgentOutputOf<S> = S extends z.ZodType ? z.output<S> : string;

/**
 * An agent, as {@link defineAgent} returns it (frozen, defaults applied). Contribute it on
 * `agentExtensionPoints.agents`; run it with `AgentsService.run`.
 * @public
 */
export interface AgentDefinition<O = unknown> {
  /** The agent's unique name. */
  readonly name: string;
  /** What the agent does. */
  readonly description: string;
  /** The system instructions. */
  readonly instructions: string;
  /** Routing and sampling of its model requests. */
  readonly model: AgentModelOptions;
  /** The tool allow-list: names and glob patterns. */
  readonly tools: readonly string[];
  /** The structured-output schema, when the agent answers with JSON. */
  readonly output?: z.ZodType<O>;
  /** Which tool calls need approval. */
  readonly approval: AgentApprovalPolicy;
  /** The budgets, defaults applied. */
  readonly budgets: AgentBudgetLimits;
  /** True when the agent is also the registry tool `agent.<name>`. */
  readonly asTool: boolean;
  /** How much of a thread's history is sent, defaults applied. */
  readonly history: { readonly maxTokens: number; readonly summarizer?: AgentModelOptions };
  /** Tool search, defaults applied; `false` when turned off. */
  readonly toolSearch: { readonly threshold: number; readonly maxResults: number } | false;
  /** Memory recall and write-back, defaults applied; absent when the agent has no memory. */
  readonly memory?: AgentMemoryPolicy;
}
