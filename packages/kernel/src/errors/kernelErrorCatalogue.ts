import { defineErrorCatalogue } from './defineErrorCatalogue.js';

/**
 * Every error code the kernel throws, with its kind, message template, what it means and how to solve it.
 *
 * Codes are `AREA_WHAT`, named after the part of the kernel that raises them; stable once
 * released and never reused. The README's "Error codes" table is checked against this
 * catalogue by the repository's `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 * @public
 */
export const kernelErrorCatalogue = defineErrorCatalogue(
  'KERNEL',
  {
    HOME_INVALID: {
      kind: 'internal',
      message: 'CORTEX_HOME must be an absolute path, got "{value}".',
      description: 'CORTEX_HOME is set but is not an absolute path, so the runtime home would depend on the working directory.',
      solution: 'Set CORTEX_HOME to an absolute folder (or unset it to use the platform data folder).',
    },
    TOKEN_ID_INVALID: {
      kind: 'internal',
      message: 'Token id "{id}" is invalid: use lowercase dotted segments of letters, digits and dashes, e.g. "memory.store".',
      description: 'A token id does not match the id pattern.',
      solution: 'Use lowercase dotted segments of letters, digits and dashes, e.g. `memory.store`.',
    },
    CONTAINER_TOKEN_UNBOUND: {
      kind: 'internal',
      message: 'Cannot resolve {token}: {hint}.',
      description: 'Something asked the container for a token that nothing provides.',
      solution: 'Add the plugin that provides the token, or declare the requirement optional.',
    },
    CONTAINER_BINDING_INVALID: {
      kind: 'internal',
      message: '{token} is already bound; bind a single token once, or create it with createMultiToken for many providers.',
      description: 'A binding was declared twice or with an impossible lifetime.',
      solution: 'Bind each single token once; declare tokens with many providers as multi.',
    },
    CONTAINER_SCOPE_DISPOSED: {
      kind: 'internal',
      message: 'This container or scope has been disposed; create a new scope.',
      description: 'A scope or container was used after it was disposed.',
      solution: 'Create a new scope; do not keep references to disposed scopes.',
    },
    PLUGIN_INVALID: {
      kind: 'internal',
      message: 'plugins[{index}] is not a plugin built by definePlugin.',
      description: 'A value passed as a plugin was not built by `definePlugin`, or by an incompatible kernel version.',
      solution: 'Build plugins with `definePlugin` from the same major version of @cortex-os/kernel.',
    },
    PLUGIN_DEFINITION_INVALID: {
      kind: 'internal',
      message: 'Plugin "{plugin}" is invalid: {reason}.',
      description: 'A plugin definition has a bad name, version or declaration.',
      solution: 'Follow the message: names are lowercase with dashes, versions are semver.',
    },
    PLUGIN_DUPLICATE_NAME: {
      kind: 'internal',
      message: 'Plugin "{plugin}" was added more than once (plugins[{index}]).',
      description: 'Two plugins with the same name were added to one kernel.',
      solution: 'Add each plugin once; give custom plugins distinct names.',
    },
    PLUGIN_OPTIONS_INVALID: {
      kind: 'internal',
      message: 'Plugin "{plugin}" options are invalid: {issues}.',
      description: "A plugin's options failed its options schema.",
      solution: 'Fix the named field in the options passed to the plugin factory.',
    },
    PLUGIN_REQUIREMENT_MISSING: {
      kind: 'internal',
      message: 'Plugin "{plugin}" requires "{token}", but no plugin provides it.',
      description: 'A plugin requires a token that no plugin provides.',
      solution: 'Add a plugin that provides the token, or mark the requirement optional.',
    },
    PLUGIN_PROVIDER_DUPLICATE: {
      kind: 'internal',
      message: 'Plugins "{first}" and "{second}" both provide single token "{token}"; remove one, or declare the token multi.',
      description: 'Two plugins provide the same single token.',
      solution: 'Remove one provider, or declare the token multi if many providers are intended.',
    },
    PLUGIN_DEPENDENCY_CYCLE: {
      kind: 'internal',
      message: 'Plugins depend on each other in a cycle: {cycle}.',
      description: 'Plugins require each other in a cycle, so no start order exists.',
      solution: 'Break the cycle shown in the message, e.g. by moving the shared service into its own plugin.',
    },
    PLUGIN_CONTRACT_UNSATISFIED: {
      kind: 'internal',
      message: 'Plugin "{plugin}" requires contract "{contract}" {range}; {available}.',
      description: 'A plugin requires a contract version range that no registered contract satisfies.',
      solution: 'Add or upgrade the plugin that registers the contract, or widen the required range.',
    },
    PLUGIN_HOOK_TIMEOUT: {
      kind: 'internal',
      message:
        'Plugin "{plugin}" hook "{hook}" did not settle within {timeoutMs} ms; a forgotten `await`, or a promise that never resolves, is the usual cause (or raise hookTimeoutMs).',
      description: 'A plugin hook did not settle within its time limit.',
      solution:
        'Make sure the hook returns or resolves (a forgotten `await` or an unresolved promise is the usual cause), or raise `hookTimeoutMs`.',
    },
    PLUGIN_HOOK_FAILED: {
      kind: 'internal',
      message: 'Plugin "{plugin}" hook "{hook}" failed: {reason}',
      description: 'A plugin hook threw or rejected.',
      solution: 'Read the cause; the message names the plugin and the hook.',
    },
    PLUGIN_PROVIDE_MISSING: {
      kind: 'internal',
      message: 'Plugin "{plugin}" declared but did not provide: {tokens}; return them from start() or bind them in register().',
      description: 'A plugin started without providing a token it declared in `provides`.',
      solution: 'Return the value from `start`, or bind it in `register`.',
    },
    KERNEL_ASSEMBLY_FAILED: {
      kind: 'internal',
      message: 'Cannot assemble the runtime: {count} problems:',
      description: 'The plugin set cannot form a runtime; every problem found is listed.',
      solution: 'Fix each listed problem; they are all reported at once.',
    },
    KERNEL_START_FAILED: {
      kind: 'internal',
      message: 'Plugins failed to start:',
      description: 'One or more plugins failed to start; the started ones were stopped again.',
      solution: 'Read each cause listed; the kernel is left stopped. Fix the causes and create a new kernel.',
    },
    KERNEL_STATE_INVALID: {
      kind: 'unavailable',
      message: 'Cannot {action} a kernel that is {state}.',
      description: 'A kernel method was called in a state that does not allow it (e.g. start twice).',
      solution: 'Call `start()` once, then `stop()`; create a new kernel to start again after a stop.',
    },
    CONTRACT_DEFINITION_INVALID: {
      kind: 'internal',
      message: 'Contract "{contract}" is invalid: {reason}.',
      description: 'A contract has a bad name or version.',
      solution: 'Names are dotted lowercase ids; versions are semver (`1.2.0`).',
    },
    CONTRACT_DUPLICATE: {
      kind: 'conflict',
      message: 'Contract {contract} is already registered with a different schema; bump the version when the schema changes.',
      description: 'The same contract name and version was registered twice with a different schema.',
      solution: 'Bump the version when the schema changes.',
    },
    CONTRACT_NOT_FOUND: {
      kind: 'not-found',
      message: 'No contract named "{contract}" satisfies {range}.',
      description: 'No registered contract has that name, or none satisfies the requested version range.',
      solution: 'Register the contract, or ask for a range that a registered version satisfies.',
    },
    CONTRACT_VALIDATION_FAILED: {
      kind: 'invalid-input',
      message: 'Value does not satisfy contract {contract}: {issues}.',
      description: 'A value does not satisfy its contract; every failing field is listed with its path.',
      solution: 'Fix the value at each listed path.',
    },
    EVENT_TYPE_UNKNOWN: {
      kind: 'invalid-input',
      message: 'Event type "{type}" has no registered contract; define it with defineEvent and list it in the plugin\'s `events`.',
      description: 'An event was published with a type that has no registered event contract.',
      solution: 'Register the event with `defineEvent` before publishing it.',
    },
    EVENT_BUS_CLOSED: {
      kind: 'unavailable',
      message: 'Cannot publish "{type}": the event bus has completed (kernel stopped).',
      description: 'An event was published after the bus completed at kernel stop.',
      solution: 'Stop publishing in the plugin `drain` hook.',
    },
    TOOL_DEFINITION_INVALID: {
      kind: 'internal',
      message: 'Tool "{tool}" is invalid: {reason}.',
      description: 'A tool has a bad name or is missing a part.',
      solution: 'Tool names use letters, digits, `_`, `-` and `.` (1–128 characters).',
    },
    TOOL_DUPLICATE: {
      kind: 'conflict',
      message: 'A tool named "{tool}" is already registered; unregister it first or choose another name.',
      description: 'A tool with that name is already registered.',
      solution: 'Remove the existing tool first, or choose another name.',
    },
    TOOL_UNKNOWN: {
      kind: 'not-found',
      message: 'Unknown tool "{tool}".',
      description: 'A call named a tool that is not registered.',
      solution: 'List the tools to see the names available; the message suggests the closest.',
    },
    TOOL_INPUT_INVALID: {
      kind: 'invalid-input',
      message: 'Invalid input for tool "{tool}": {issues}.',
      description: "A tool call's input failed the tool's input contract.",
      solution: 'Fix the input at each listed path.',
    },
    TOOL_OUTPUT_INVALID: {
      kind: 'internal',
      message: 'Tool "{tool}" returned output that fails its output contract: {issues}.',
      description: "A tool handler returned a value that fails the tool's output contract.",
      solution: 'This is a bug in the tool: fix the handler so it returns what its output contract says.',
    },
    TOOL_EXECUTION_FAILED: {
      kind: 'internal',
      message: 'Tool "{tool}" failed: {reason}',
      description: 'A tool handler threw or rejected.',
      solution: 'Read the cause in the server log; remote callers see only this description, never the message, the cause or the stack.',
    },
    TOOL_ABORTED: {
      kind: 'cancelled',
      message: 'Tool "{tool}" was cancelled.',
      description: 'A tool call was cancelled through its abort signal.',
      solution: 'Nothing to fix when the caller cancelled on purpose.',
    },
    TOOL_OUTPUT_BUDGET_EXCEEDED: {
      kind: 'payload-too-large',
      message: 'Tool "{tool}" returned about {tokens} tokens, over its budget of {budget}.',
      description: "A tool's result is larger than its output budget.",
      solution: 'Ask for less (e.g. a smaller limit), raise the budget, or declare truncation for the tool.',
    },
    TOOL_OUTPUT_BUDGET_INVALID: {
      kind: 'internal',
      message: 'Output budget of tool "{tool}" must be a whole number of tokens >= 1, got {maxTokens}.',
      description: "A tool's output budget is not a whole number of tokens of at least 1.",
      solution: 'Set `maxTokens` to a whole number >= 1, or give the tool no budget.',
    },
    RESOURCE_DEFINITION_INVALID: {
      kind: 'internal',
      message: 'Resource "{uri}" is invalid: {reason}.',
      description: 'A resource or resource template has a bad URI, template, name, reader or watch.',
      solution:
        'Use an absolute URI (`scheme:…`), a template whose variables are `{name}` or `{+name}`, a non-empty name, a `read` function and, if any, a `watch` function.',
    },
    RESOURCE_DUPLICATE: {
      kind: 'conflict',
      message: 'A resource or template "{uri}" is already registered; unregister it first or choose another URI.',
      description: 'A resource with that URI (or a template with that URI template) is already registered.',
      solution: 'Remove the existing one first, or choose another URI.',
    },
    RESOURCE_NOT_FOUND: {
      kind: 'not-found',
      message: 'No resource or resource template serves "{uri}".',
      description: "No registered resource or template serves the URI that was read, or the template's reader found nothing at it.",
      solution: 'List resources and templates to see what is offered; check the URI (and the id in it) for typos.',
    },
    RESOURCE_READ_FAILED: {
      kind: 'internal',
      message: 'Reading resource "{uri}" failed: {reason}',
      description: 'A resource reader threw or returned no contents.',
      solution: 'Read the cause; the reader belongs to the plugin that contributed the resource.',
    },
    PROMPT_DEFINITION_INVALID: {
      kind: 'internal',
      message: 'Prompt "{prompt}" is invalid: {reason}.',
      description: 'A prompt has a bad name, its arguments are not a zod object of string fields, or a completer names no argument.',
      solution:
        'Use 1–128 letters, digits, `_`, `-` or `.` for the name, `z.object({ … })` of strings for arguments, and complete only declared arguments.',
    },
    PROMPT_DUPLICATE: {
      kind: 'conflict',
      message: 'A prompt named "{prompt}" is already registered; unregister it first or choose another name.',
      description: 'A prompt with that name is already registered.',
      solution: 'Remove the existing prompt first, or choose another name.',
    },
    PROMPT_NOT_FOUND: {
      kind: 'not-found',
      message: 'Unknown prompt "{prompt}". Available: {available}.',
      description: 'A prompt was requested by a name that is not registered.',
      solution: 'List prompts to see the names available; the message lists them and suggests the closest.',
    },
    PROMPT_ARGUMENTS_INVALID: {
      kind: 'invalid-input',
      message: 'Invalid arguments for prompt "{prompt}": {issues}.',
      description: 'The arguments given to a prompt fail its argument contract.',
      solution: 'Fix the arguments at each listed path.',
    },
    PROMPT_RENDER_FAILED: {
      kind: 'internal',
      message: 'Prompt "{prompt}" failed to render: {reason}',
      description: "A prompt's render function threw or rejected.",
      solution: 'Read the cause; the render function belongs to the plugin that contributed the prompt.',
    },
    RESILIENCE_CIRCUIT_OPEN: {
      kind: 'unavailable',
      message: 'The circuit protecting "{name}" is open after repeated failures; it half-opens at {halfOpenAt}.',
      description: 'The circuit breaker protecting the named thing is open after repeated failures.',
      solution: 'Wait for the half-open delay; check the health of the protected dependency.',
    },
    RESILIENCE_TIMEOUT: {
      kind: 'upstream-timeout',
      message: '"{name}" did not finish within {timeoutMs} ms and was cancelled.',
      description: 'An operation did not finish within its time limit and was cancelled.',
      solution: 'Raise the timeout or find out why the dependency is slow.',
    },
    RESILIENCE_OPTIONS_INVALID: {
      kind: 'internal',
      message: 'Resilience policy "{name}" has an invalid option: {reason}',
      description: 'A resilience policy was created without a name, or with a count, delay or timeout out of range.',
      solution: 'Name the policy; use whole numbers for counts, finite numbers >= 0 for delays and a positive timeout.',
    },
    RESILIENCE_CONCURRENCY_LIMIT: {
      kind: 'unavailable',
      message: '"{name}" is at its concurrency limit ({limit} running, {queue} queued); the call was refused.',
      description: 'The concurrency limit and its queue are both full.',
      solution: 'Retry later, or raise the limit or queue size.',
    },
    ROUTER_NO_PROVIDER: {
      kind: 'unavailable',
      message: 'No model provider can serve this {operation} request:',
      description: 'No provider could serve the request; each provider and why is listed.',
      solution: 'Configure or start a provider that has the capability, or relax the policy.',
    },
    ROUTER_PROVIDER_UNKNOWN: {
      kind: 'not-found',
      message: 'No model provider named "{provider}" is registered; known: {known}.',
      description: 'A provider was asked for by a name the router does not know.',
      solution: 'Use one of the names listed in the message (each provider plugin names its provider).',
    },
    ROUTER_PROVIDER_DUPLICATE: {
      kind: 'internal',
      message: 'Two model providers are named "{provider}"; give each provider a unique name.',
      description: 'Two providers given to the router share a name, so routing and circuit state could not tell them apart.',
      solution: "Give each provider a unique name (the provider plugins' `name` option).",
    },
    ROUTER_REQUEST_INVALID: {
      kind: 'invalid-input',
      message: 'The {operation} request is invalid: {reason}.',
      description: 'A routed request asks for something no model could do, such as a `toolChoice` naming a tool that is not offered.',
      solution: 'Offer the tool named in `toolChoice`, or choose `auto`, `none` or `required`.',
    },
    ROUTER_MODEL_UNAVAILABLE: {
      kind: 'unavailable',
      message: 'No provider serves embedding model "{model}":',
      description: 'No provider serves the embedding model the request is pinned to; embeddings never mix models.',
      solution: 'Start a provider for that model, or re-index with a model that is available.',
    },
    PROVIDER_UNAVAILABLE: {
      kind: 'unavailable',
      message: 'Model provider "{provider}" is not available: {reason}.',
      description: 'A model provider is not available on this host (not configured, not installed, or unreachable).',
      solution: 'Read the reason; configure the provider or let the router fall back.',
    },
    PROVIDER_REQUEST_FAILED: {
      kind: 'upstream-failed',
      message: 'Model provider "{provider}" failed: {reason}',
      description: 'A model provider answered a request with an error.',
      solution: 'Read the cause and status; transient failures are retried by the router.',
    },
    PROVIDER_TOOL_CALL_INVALID: {
      kind: 'upstream-failed',
      message: 'The model\'s call "{toolCallId}" of tool "{tool}" is invalid: {issues}.',
      description: "A model called a tool it was not offered, or with arguments that are not JSON or break the tool's input schema.",
      solution: 'Send the message back to the model in a `tool` message so it can correct the call; `details.issues` lists each field.',
    },
    PROVIDER_STRUCTURED_OUTPUT_INVALID: {
      kind: 'upstream-failed',
      message: 'The model\'s output "{name}" breaks its schema: {issues}.',
      description: "A model's structured output is not JSON or breaks the requested schema; `details.rawText` keeps its text.",
      solution: 'Retry, or ask the model to correct its output; read `details.rawText` in-process (remote callers never see it).',
    },
    TOKEN_OWNER_INVALID: {
      kind: 'internal',
      message: 'Token "{id}" has an invalid owner: {problems}.',
      description: "A token's owner is not an npm package name with a whole-number contract version.",
      solution: "Give `owner: { package: '@scope/name', version: '1' }`: the declaring package and its contract version.",
    },
    TOKEN_OWNER_CONFLICT: {
      kind: 'internal',
      message: 'Token "{id}" is declared by {count} owners: {owners}.',
      description: 'Two tokens (or two extension points) share an id but are declared by different packages or contract versions.',
      solution: "Depend on the declaring package's token instead of redeclaring the id, or align both packages on one contract version.",
    },
    PLUGIN_BINDING_UNDECLARED: {
      kind: 'internal',
      message: 'Plugin "{plugin}" cannot bind {token}: it is not in its `provides`.',
      description: "A plugin's `register` hook tried to bind a token it does not declare in `provides`.",
      solution: "Add the token to the plugin's `provides`, or bind only the tokens it declares.",
    },
    EXTENSION_POINT_DEFINITION_INVALID: {
      kind: 'internal',
      message: 'Extension point "{point}" is invalid: {problems}.',
      description: 'An extension point has a bad id or owner.',
      solution: "Use a lowercase dotted id (`agents.skill`) and an owner of the form `{ package: '@scope/name', version: '1' }`.",
    },
    EXTENSION_POINT_UNDECLARED: {
      kind: 'internal',
      message: 'Plugin "{plugin}" contributes to extension point "{point}", but no plugin in the runtime declares it.',
      description: 'A plugin contributes to an extension point that no plugin in the runtime declares and the kernel does not own.',
      solution: 'Add the plugin that declares the extension point, or remove the contribution.',
    },
    EXTENSION_POINT_DUPLICATE: {
      kind: 'internal',
      message: 'Plugin "{plugin}" declares extension point "{point}", which {first} already declares.',
      description: 'Two plugins declare the same extension point, or a plugin declares one the kernel owns.',
      solution: "Declare each extension point in one plugin; contribute to the kernel's own points instead of redeclaring them.",
    },
    ERROR_CATALOGUE_INVALID: {
      kind: 'internal',
      message: 'Error catalogue "{prefix}" is invalid: {problems}',
      description: 'An error catalogue has a bad prefix, code, kind or message template; every problem is listed.',
      solution:
        'Codes are `AREA_WHAT` starting with the prefix (or a declared area), kinds come from `ErrorKind`, and `{slot}`s are plain names.',
    },
    TESTING_ARGUMENT_INVALID: {
      kind: 'invalid-input',
      message: '{argument} must be {expected}; got {value}.',
      description: 'A testing-kit helper (a fake clock, a stream sender, a test embedder) got an argument it cannot use.',
      solution: 'Pass what the message asks for; the helper names the argument and the allowed values.',
    },
    TESTING_SCRIPT_EXHAUSTED: {
      kind: 'internal',
      message: 'Test double "{name}" ran out of script: call {calls} has no step (the script has {steps}).',
      description: 'A scripted test double (the scripted model provider) was called more often than its script has steps.',
      solution: 'Add the steps the test needs to the script, or find out why the code under test called once more than expected.',
    },
  },
  {
    areas: [
      'TOKEN',
      'CONTAINER',
      'PLUGIN',
      'CONTRACT',
      'EVENT',
      'TOOL',
      'RESOURCE',
      'PROMPT',
      'RESILIENCE',
      'ROUTER',
      'PROVIDER',
      'EXTENSION',
      'ERROR',
      'TESTING',
      'HOME',
    ],
  },
);

/**
 * Closed union of every kernel error code.
 * @public
 */
export type KernelErrorCode = keyof typeof kernelErrorCatalogue;
