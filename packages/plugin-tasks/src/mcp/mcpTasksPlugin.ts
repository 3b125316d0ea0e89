import { createRequire } from 'node:module';
import { definePlugin, type PluginFactory } from '@cortex-os/kernel';
import { mcpTaskReceiverToken } from '@cortex-os/plugin-mcp';
import { agentsServiceToken } from '@cortex-os/plugin-agents';
import { z } from 'zod';
import { tasksServiceToken } from '../plugin/tasksServiceToken.js';
import { TasksMcpReceiver } from './TasksMcpReceiver.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Options of {@link mcpTasksPlugin}.
 * @public
 */
export interface McpTasksPluginOptions {
  /**
   * A caller whose token carries this scope sees every principal's tasks.
   * @defaultValue the tasks plugin's (`tasksPlugin({ rest: { adminScope } })`, itself `tasks:admin` by default), so one scope holds on every door
   */
  readonly adminScope?: string | undefined;
  /** How often clients should poll a task (ms). @defaultValue `1000` */
  readonly pollIntervalMs: number;
}

const options = z.strictObject({
  adminScope: z.string().min(1).optional(),
  pollIntervalMs: z.number().int().positive().default(1000),
});

/**
 * Lets MCP clients run agents as durable tasks (MCP 2025-11-25 tasks, experimental): with the
 * tasks, agents and MCP plugins, an agent's tool is listed with `execution.taskSupport:
 * 'optional'`, a `tools/call` with `task` creates a durable task of that agent and answers at
 * once, and `tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel` read and act on the
 * caller's tasks (every principal's with the admin scope).
 * @public
 */
export const mcpTasksPlugin: PluginFactory<z.ZodType<McpTasksPluginOptions, Partial<McpTasksPluginOptions>>> = definePlugin({
  name: 'tasks-mcp',
  version,
  description: 'Durable agent tasks over MCP tasks (tasks/get, tasks/result, tasks/list, tasks/cancel).',
  options,
  requires: { tasks: tasksServiceToken, agents: agentsServiceToken },
  provides: { receiver: mcpTaskReceiverToken },
  start({ deps, options: { adminScope, pollIntervalMs } }) {
    return {
      receiver: new TasksMcpReceiver(deps.tasks, deps.agents, { ...(adminScope === undefined ? {} : { adminScope }), pollIntervalMs }),
    };
  },
});
