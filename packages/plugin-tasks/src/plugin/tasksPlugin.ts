import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, optional, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { httpServiceToken } from '@cortex-os/http-api';
import { modelProviderToken } from '@cortex-os/kernel/router';
import { agentsServiceToken } from '@cortex-os/plugin-agents';
import { metricsRegistryToken } from '@cortex-os/plugin-http';
import { type PostgresStoreOptions, postgresStoreSchema } from '@cortex-os/sql-driver';
import { z } from 'zod';
import type { TaskTimer } from '../agents/AgentTaskWorker.js';
import { mountAgentRoutes } from '../rest/mountAgentRoutes.js';
import { mountTaskRoutes } from '../rest/mountTaskRoutes.js';
import { createTaskTools } from '../tools/createTaskTools.js';
import { TasksRuntime } from './TasksRuntime.js';
import { taskRunnersToken } from '../runners/taskRunnersToken.js';
import { tasksServiceToken } from './tasksServiceToken.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Options of {@link tasksPlugin}, as the plugin reads them (defaults applied).
 * @public
 */
export interface TasksPluginOptions {
  /**
   * The SQLite file of the tasks, its own (not the memory store's); `:memory:` keeps them only for
   * the process's life (tests). Give `file` or `postgres`, not both; with neither, the file is
   * `tasks/tasks.sqlite` under the runtime home (`resolveRuntimeHome`: `$CORTEX_HOME`, else the
   * platform's data folder), whose folder is created when missing.
   */
  readonly file?: string | undefined;
  /** A PostgreSQL store instead of a file, for workers on several hosts (`url`; `schema` default `cortex_tasks`; `poolSize` default 10). */
  readonly postgres?: PostgresStoreOptions | undefined;
  /**
   * How long a worker's claim holds a task before another worker may take it over (ms).
   * @defaultValue `30000`
   */
  readonly leaseMs: number;
  /** The worker that runs agent tasks in this process (needs the agents plugin). */
  readonly worker: {
    /** @defaultValue `true` */
    readonly enabled: boolean;
    /** Tasks run at once. @defaultValue `4` */
    readonly concurrency: number;
    /** How often to look for tasks queued by other processes or left by dead workers (ms). @defaultValue `1000` */
    readonly pollMs: number;
  };
  /** Which finished tasks are deleted, checked at start and on every poll. */
  readonly retention: {
    /** Finished tasks last updated this long ago or more (ms). @defaultValue 7 days */
    readonly maxAgeMs: number;
    /** At most this many finished tasks are kept, the newest. @defaultValue `10000` */
    readonly maxFinished: number;
  };
  /** The REST API on the HTTP plugin, when present. */
  readonly rest: {
    /** @defaultValue `true` */
    readonly enabled: boolean;
    /** Under the REST base path. @defaultValue `/tasks` */
    readonly prefix: string;
    /** A token (REST) or tool caller (MCP, in-process) carrying this scope sees and acts on every principal's tasks. @defaultValue `tasks:admin` */
    readonly adminScope: string;
  };
  /** The timer of polls and lease renewals; injectable for tests. @defaultValue `setInterval`, unref'd */
  readonly timer?: TaskTimer | undefined;
}

/**
 * Options of {@link tasksPlugin}, as a host writes them: `file` or `postgres` (or neither: a file under the runtime home), the rest optional.
 * @public
 */
export interface TasksPluginOptionsInput {
  readonly file?: string | undefined;
  readonly postgres?: PostgresStoreOptions | undefined;
  readonly leaseMs?: number | undefined;
  readonly worker?:
    | { readonly enabled?: boolean | undefined; readonly concurrency?: number | undefined; readonly pollMs?: number | undefined }
    | undefined;
  readonly retention?: { readonly maxAgeMs?: number | undefined; readonly maxFinished?: number | undefined } | undefined;
  readonly rest?:
    | { readonly enabled?: boolean | undefined; readonly prefix?: string | undefined; readonly adminScope?: string | undefined }
    | undefined;
  readonly timer?: TaskTimer | undefined;
}

const timerSchema = z.custom<TaskTimer>((value) => typeof value === 'function', { error: 'Invalid input: expected a timer function' });
const optionsSchema = z
  .object({
    file: z.string().min(1).optional(),
    postgres: postgresStoreSchema.optional(),
    leaseMs: z.number().int().min(1).default(30_000),
    worker: z
      .object({
        enabled: z.boolean().default(true),
        concurrency: z.number().int().min(1).max(256).default(4),
        pollMs: z.number().int().min(1).default(1000),
      })
      .prefault({}),
    retention: z
      .object({
        maxAgeMs: z
          .number()
          .int()
          .min(0)
          .default(7 * 24 * 3_600_000),
        maxFinished: z.number().int().min(0).default(10_000),
      })
      .prefault({}),
    rest: z
      .object({
        enabled: z.boolean().default(true),
        prefix: z
          .string()
          .regex(/^\/[a-z0-9/_-]*$/)
          .default('/tasks'),
        adminScope: z.string().min(1).default('tasks:admin'),
      })
      .prefault({}),
    timer: timerSchema.optional(),
  })
  .refine((options) => options.file === undefined || options.postgres === undefined, {
    error:
      'give the task store as `file` (SQLite) or `postgres` (a URL), not both; with neither it is tasks/tasks.sqlite under the runtime home',
  });

// Compile-time proof that the options schema and the options interfaces have not drifted apart.
true satisfies SchemaFits<TasksPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<TasksPluginOptionsInput, typeof optionsSchema>;

/**
 * Durable agent tasks: opens the task store (a SQLite `file`, or `postgres`), provides {@link tasksServiceToken},
 * contributes the `tasks.*` tools, mounts the REST API when the HTTP plugin is present, and —
 * with the agents plugin — runs a worker that claims tasks, renews their leases, resumes those a
 * dead worker left, and prunes finished tasks by age and count.
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [routerPlugin(), ollamaPlugin(), agentsPlugin(), tasksPlugin({ file: 'tasks.sqlite' }), crew()] });
 * // Workers on several hosts share a PostgreSQL store instead:
 * tasksPlugin({ postgres: { url: 'postgres://tasks@db.internal:5432/app' } });
 * ```
 * @public
 */
export const tasksPlugin: PluginFactory<z.ZodType<TasksPluginOptions, TasksPluginOptionsInput>> = definePlugin({
  name: 'tasks',
  version: packageVersion,
  description: 'Durable agent tasks: checkpoints, leases, approvals that wait for a person, REST and tools.',
  options: optionsSchema,
  requires: {
    agents: optional(agentsServiceToken),
    http: optional(httpServiceToken),
    metrics: optional(metricsRegistryToken),
    // Their prices carry an agent's cost budget across a task's attempts.
    providers: optional(modelProviderToken),
  },
  provides: { tasks: tasksServiceToken, runners: taskRunnersToken },
  contributes: { tools: kernelExtensionPoints.tools },
  async start({ deps, options, logger, lifecycle }) {
    const runtime = await TasksRuntime.open(options);
    runtimes.set(runtime.service, runtime);
    // With the HTTP plugin's metrics, task states, transitions, lease take-overs and checkpoints go on /metrics.
    if (deps.metrics !== undefined) lifecycle.onStopping(runtime.registerMetrics(deps.metrics));
    const { agents } = deps;
    if (deps.http !== undefined && options.rest.enabled) {
      mountTaskRoutes(deps.http, runtime.service, options.rest.prefix, options.rest.adminScope);
      if (agents !== undefined) mountAgentRoutes(deps.http, agents);
    }
    if (agents !== undefined && options.worker.enabled) {
      lifecycle.onStarted(() => runtime.startWorker(agents, logger, deps.providers));
      // Runs stop (and their tasks return to the queue) before the agents plugin stops under them.
      lifecycle.onStopping(() => runtime.stopWorker());
    }
    return { tasks: runtime.service, runners: runtime.runners, tools: createTaskTools(runtime.service) };
  },
  async stop({ provided }) {
    if (provided.tasks !== undefined) await runtimes.get(provided.tasks)?.close();
  },
});

// The runtime behind each provided service, for `stop` (which receives only what `start` provided).
const runtimes = new WeakMap<object, TasksRuntime>();
