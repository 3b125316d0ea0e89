// What the packages' READMEs take from their surrounding text: a snippet marked `compile-only`
// may use these names without defining them (the README defined them a snippet earlier, or says
// in words where they come from). Runnable snippets use none of them: they would not run.
// The test (../readmes.test.ts) type-checks every snippet with this file in the program; the
// test projects' own type check (tsconfig.test.json) leaves this folder out.

/** The kernel's own README tells the story of an `@acme/clock-api` package. */
declare module '@acme/clock-api' {
  export interface Clock {
    now(): number;
  }
  export const clockToken: import('@cortex-os/kernel').Token<Clock>;
  export function clockPlugin(): import('@cortex-os/kernel').Plugin;
}

/** A started runtime, as `createKernel(…)` returns it. */
declare const kernel: import('@cortex-os/kernel').Kernel;
/** The runtime's policy router (`kernel.get(policyRouterToken)`). */
declare const router: import('@cortex-os/kernel/router').PolicyRouter;
/** The caller's abort signal. */
declare const signal: AbortSignal;

/** The kernel README's extension-point story: an `@acme/agents-api` package declaring a skill point. */
declare module '@acme/agents-api' {
  export interface Skill {
    readonly name: string;
    run(input: string): Promise<string>;
  }
  export const skillPoint: import('@cortex-os/kernel').ExtensionPoint<Skill>;
}

/**
 * `@cortex-os/http-api`'s README verifies JWTs with `jose`, which the reader installs (it is no
 * dependency of this repository): the two functions its example calls.
 */
declare module 'jose' {
  export function createRemoteJWKSet(url: URL): unknown;
  export function jwtVerify(
    token: string,
    keys: unknown,
    options?: { audience?: string },
  ): Promise<{ payload: { sub?: string; exp?: number; scope?: unknown } }>;
}

/**
 * `@cortex-os/provider-kit`'s README: its test snippet imports `./echoProvider.js`, the provider
 * and plugin its previous snippet writes.
 */
declare module '*/echoProvider.js' {
  export function createEchoProvider(options: {
    readonly baseUrl: string;
    readonly model: string;
  }): import('@cortex-os/kernel/router').ModelProvider;
  export function echoPlugin(options: { readonly baseUrl: string; readonly model?: string }): import('@cortex-os/kernel').Plugin;
}

/** `@cortex-os/plugin-a2a`'s README: a model-provider plugin (`ollamaPlugin()`, `openAiPlugin({ … })`). */
declare const models: import('@cortex-os/kernel').Plugin;
/** `@cortex-os/plugin-a2a`'s README: a plugin contributing the `forecaster` agent. */
declare function forecasterPlugin(): import('@cortex-os/kernel').Plugin;

/** `@cortex-os/plugin-cerebrum`'s README: the plan its first snippet checks and runs. */
declare const plan: import('@cortex-os/plugin-cerebrum').Plan;
/** `@cortex-os/plugin-cerebrum`'s README: `createPlanner({ … })` of its planning snippet. */
declare const planner: import('@cortex-os/plugin-cerebrum').Planner;
/** The runtime's agents service (`kernel.get(agentsServiceToken)`). */
declare const agents: import('@cortex-os/plugin-agents').AgentsService;

/** `@cortex-os/plugin-openai`'s README: its streaming snippet imports the tool of its tool-calling snippet. */
declare module '*/askWithTools.js' {
  export const weather: import('@cortex-os/kernel').ToolDefinition;
}
