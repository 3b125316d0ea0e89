import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-agents throws, with what it means and how to solve it.
 *
 * Codes are `AGENT_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const agentErrorCatalogue = defineErrorCatalogue('AGENT', {
  AGENT_DEFINITION_INVALID: {
    kind: 'internal',
    message: 'Agent "{agent}" is invalid:\n{problems}',
    description: 'An agent definition has a bad name, an empty description or instructions, a bad tool pattern or a bad budget.',
    solution: 'Fix each problem listed in the message (also in `details.problems`) in the `defineAgent` call.',
  },
  AGENT_DEFINITIONS_INVALID: {
    kind: 'internal',
    message: 'The agents of this runtime do not fit it ({count} problems):\n{problems}',
    description:
      "The runtime's agents name tools that are not registered, tool patterns that match nothing, budgets no run can keep, a cost budget without prices, or one name twice.",
    solution:
      'Fix every problem listed in `details.problems` (each names the agent, its plugin and a code): register the tools, correct the names, or raise the budgets.',
  },
  AGENT_TOOL_UNKNOWN: {
    kind: 'internal',
    message: 'Agent "{agent}" allows tool "{tool}", which is not registered.{hint}',
    description: "An agent's tool allow-list names a tool that no plugin registered.",
    solution:
      'Add the plugin that contributes the tool, correct the name (the message suggests the closest one), or remove it from `tools`.',
  },
  AGENT_MEMORY_UNAVAILABLE: {
    kind: 'internal',
    message:
      'Agent "{agent}" has a `memory` option, and the runtime has no tool "{tool}" to {purpose}. Add `memoryPlugin()` from @cortex-os/plugin-memory (it registers the memory.* tools), or remove the option.',
    description: "An agent recalls or writes memories, and the runtime's tool registry has no `memory.search` or `memory.store` tool.",
    solution:
      "Add the memory plugin (`memoryPlugin()` from `@cortex-os/plugin-memory`) to the runtime, or remove the agent's `memory` option (or its `writeBack`).",
  },
  AGENT_TOOL_PATTERN_UNMATCHED: {
    kind: 'internal',
    message: 'Agent "{agent}" allows tools matching "{pattern}", and no registered tool matches it.',
    description: "A glob pattern in an agent's tool allow-list matches no registered tool.",
    solution: 'Correct the pattern (`*` matches any run of characters, `?` one character), or add the plugin whose tools it should match.',
  },
  AGENT_BUDGET_IMPOSSIBLE: {
    kind: 'internal',
    message: 'Agent "{agent}": {reason}',
    description: "An agent's budget cannot be kept by any run: its first model request alone would exceed it.",
    solution: 'Raise the budget named in the message, or shorten the instructions and allow fewer tools.',
  },
  AGENT_COST_UNPRICED: {
    kind: 'internal',
    message: 'Agent "{agent}" has a cost budget, but {providers} may serve it and declare no prices.',
    description: 'A cost budget (`budgets.maxCost`) needs the price of every provider that may serve the agent, and some declare none.',
    solution:
      "Declare `capabilities.prices` on those providers, narrow the agent's `model.policy.order` to priced providers, or drop `maxCost`.",
  },
  AGENT_DUPLICATE: {
    kind: 'internal',
    message: 'Agent "{agent}" is contributed by {plugins}; agent names must be unique.',
    description: 'Two contributions to the agents extension point share a name.',
    solution: 'Rename one of the agents, or remove one of the contributing plugins.',
  },
  AGENT_UNKNOWN: {
    kind: 'not-found',
    message: 'Unknown agent "{agent}".{hint}',
    description: 'No plugin contributes an agent by that name to this runtime.',
    solution: 'Check the name (the message suggests the closest one), or add the plugin that contributes the agent.',
  },
  AGENT_RUN_OPTIONS_INVALID: {
    kind: 'invalid-input',
    message: 'Run options of agent "{agent}" are invalid: {problems}',
    description: 'An agent run was started with an empty input, a bad budget override or a signal that is not an AbortSignal.',
    solution: 'Pass a non-empty `input` and budget overrides that are positive numbers.',
  },
  AGENT_TOOL_DENIED: {
    kind: 'forbidden',
    message: 'The call of tool "{tool}" was not approved: {reason}.',
    description: 'A tool call that needs approval was denied (or no approver was given); the model is told and may try something else.',
    solution: "Pass an `approve` callback to the run, or change the agent's `approval` policy if the tool should run unattended.",
  },
  AGENT_TOOL_FAILED: {
    kind: 'internal',
    message: 'Tool "{tool}" failed with an error that is not a Cortex-OS error.',
    description: 'A tool call, or an interceptor around it, threw something other than a Cortex-OS error.',
    solution: "Throw coded errors from tool handlers and interceptors; the original is kept as the error's `cause`.",
  },
  AGENT_OUTPUT_INVALID: {
    kind: 'upstream-failed',
    message: 'Agent "{agent}" gave no output matching its schema after {attempts} attempts.',
    description: "The model's structured output broke the agent's output schema, and every correction it was asked for broke it too.",
    solution:
      'Simplify the output schema, make the instructions state the shape, raise `budgets.maxOutputRetries`, or use a stronger model.',
  },
  AGENT_DEPTH_EXCEEDED: {
    kind: 'invalid-input',
    message: 'Agent "{agent}" was called as a tool at depth {depth}, deeper than the limit of {maxDepth}.',
    description: 'An agent called another agent as a tool, nested deeper than the agents plugin allows.',
    solution: 'Flatten the chain of agents calling agents, or raise the `maxDepth` option of `agentsPlugin`.',
  },
  AGENT_MODEL_FAILED: {
    kind: 'upstream-failed',
    message: 'The model call of agent "{agent}" failed at step {step}: {reason}',
    description: 'The router could not get a reply for the agent: no provider could serve, or every provider failed.',
    solution: "Read the cause (a router error lists each provider and why); check the agent's `model` policy against the providers.",
  },
});

/**
 * A code from {@link agentErrorCatalogue}.
 * @public
 */
export type AgentErrorCode = keyof typeof agentErrorCatalogue;
