import type { ToolRegistry } from '@cortex-os/kernel';
import type { z } from 'zod';

/**
 * What plan validation knows of one tool beyond its name: its input contract (literal step
 * inputs are checked against it) and whether it reaches outside the host.
 * @public
 */
export interface PlanToolContract {
  /** The tool's input schema; the registry's definition carries it. */
  readonly input?: z.ZodType;
  /** True when the tool reaches outside the host (MCP's `openWorldHint`); refused under `localOnly`. */
  readonly openWorld?: boolean;
}

/**
 * Constraints a plan must hold before it runs.
 * @public
 */
export interface PlanConstraints {
  /** Only tools that stay on the host: a tool annotated `openWorldHint: true` is refused. */
  readonly localOnly?: boolean;
  /** Most steps the plan may have (the run's step budget). */
  readonly maxSteps?: number;
  /** Most model tokens the plan may spend, estimated before it runs (see `estimatePlan`). */
  readonly maxTokens?: number;
  /** Most tool calls the plan may make. */
  readonly maxToolCalls?: number;
  /** Most wall time (ms) the plan's longest chain of steps may take, estimated before it runs. */
  readonly maxWallMs?: number;
}

/**
 * The contract of each registered tool, read from the runtime's tool registry: its input schema
 * and its `openWorldHint` annotation.
 * @public
 */
export function registryToolContracts(tools: Pick<ToolRegistry, 'get'>): (name: string) => PlanToolContract | undefined {
  return (name) => {
    const definition = tools.get(name);
    if (definition === undefined) return undefined;
    return {
      input: definition.input,
      ...(definition.annotations?.openWorldHint === true ? { openWorld: true } : {}),
    };
  };
}
