import { type RouterPluginOptions, type RouterPluginOptionsInput, routerPluginOptions } from '@cortex-os/kernel/router';
import { cerebrumPluginOptions } from '@cortex-os/plugin-cerebrum';
import { energyPluginOptions } from '@cortex-os/plugin-energy';
import { healthPluginOptions } from '@cortex-os/plugin-health';
import { httpPluginOptions } from '@cortex-os/plugin-http';
import { localEmbeddersPluginOptions } from '@cortex-os/plugin-local-embedders';
import { mcpPluginOptions } from '@cortex-os/plugin-mcp';
import { memoryPluginOptions } from '@cortex-os/plugin-memory';
import { mlxPluginOptions } from '@cortex-os/plugin-mlx';
import { ollamaPluginOptions } from '@cortex-os/plugin-ollama';
import { openAiPluginOptions } from '@cortex-os/plugin-openai';
import { toolkitPluginOptions } from '@cortex-os/plugin-toolkit';
import { z } from 'zod';
import { userPluginsOptions } from './userPluginsOptions.js';

/**
 * The agents plugin's options a JSON file can hold. `@cortex-os/plugin-agents` exports no options
 * schema (its `clock` and `threads` are objects only code can pass), so this is the serialisable
 * part, strict like the rest.
 */
const agentsConfigOptions = z.strictObject({ maxDepth: z.int().min(1).default(3) });

/**
 * The tasks plugin's options a file can hold. `@cortex-os/plugin-tasks` exports no options schema
 * (its `timer` is code), so this names the serialisable keys, strict like the rest, and leaves
 * their defaults and ranges to the plugin, which validates them again when it is assembled.
 * `file` comes from the CLI's defaults (`<home>/tasks/tasks.sqlite`) unless the file sets it.
 */
const tasksConfigOptions = z.strictObject({
  file: z.string().min(1),
  leaseMs: z.number().optional(),
  worker: z.strictObject({ enabled: z.boolean().optional(), concurrency: z.number().optional(), pollMs: z.number().optional() }).optional(),
  retention: z.strictObject({ maxAgeMs: z.number().optional(), maxFinished: z.number().optional() }).optional(),
  rest: z.strictObject({ enabled: z.boolean().optional(), prefix: z.string().optional() }).optional(),
});

/**
 * The Redis Streams transport of the runtime's event bus (`@cortex-os/events-redis`), shared by
 * every runtime on the same `url` and `stream`: `CORTEX_EVENTS_REDIS__URL=redis://…` is enough.
 * Ranges are left to the transport, which refuses bad values with `EVENTS_OPTIONS_INVALID`.
 * `select` lists the event-type patterns sent to Redis (`memory.*`, comma-separated in
 * `CORTEX_EVENTS_REDIS__SELECT`); the others stay in-process. Without it every type goes to Redis.
 */
const eventsRedisConfigOptions = z.strictObject({
  url: z.string().min(1),
  select: z.array(z.string().min(1)).min(1).optional(),
  stream: z.string().optional(),
  maxLength: z.number().optional(),
  retention: z.strictObject({ maxAgeMs: z.number() }).optional(),
  connectTimeoutMs: z.number().optional(),
  blockMs: z.number().optional(),
  batchSize: z.number().optional(),
  maxReconnectDelayMs: z.number().optional(),
  broadcast: z.boolean().optional(),
  groups: z
    .strictObject({
      visibilityTimeoutMs: z.number().optional(),
      maxDeliveries: z.number().optional(),
      dedupWindow: z.number().optional(),
      start: z.enum(['new', 'all']).optional(),
    })
    .optional(),
});

/**
 * The events plugin's options a file can hold: its SQLite `file` (with neither `file` nor
 * `postgres`, `events/events.sqlite` under the CLI's home) or a PostgreSQL database (`postgres.url`,
 * e.g. `CORTEX_EVENTS_POSTGRES__URL`), the rest left to the plugin, which validates them again
 * when it is assembled; and `redis`, the bus's transport between runtimes (not a plugin option).
 */
const eventsConfigOptions = z.strictObject({
  file: z.string().min(1).optional(),
  postgres: z.strictObject({ url: z.string().min(1), schema: z.string().optional(), poolSize: z.number().optional() }).optional(),
  redis: eventsRedisConfigOptions.optional(),
  record: z.array(z.string()).optional(),
  maxPending: z.number().optional(),
  retention: z
    .strictObject({ maxAgeMs: z.number().optional(), maxEvents: z.number().optional(), everyMs: z.number().optional() })
    .optional(),
  rest: z.strictObject({ enabled: z.boolean().optional(), publishable: z.array(z.string()).optional() }).optional(),
  websocket: z
    .strictObject({
      enabled: z.boolean().optional(),
      maxBuffered: z.number().optional(),
      overflow: z.enum(['drop-oldest', 'disconnect']).optional(),
    })
    .optional(),
});

/**
 * The plugins `cortex serve` and `cortex mcp` can assemble, by configuration slot, each with its
 * own package's options schema. Slots are the plugins' names, so variables read
 * `CORTEX_LOCAL_EMBEDDERS_HASHING__DIMENSIONS`.
 */
export const cliPlugins = {
  http: httpPluginOptions,
  health: healthPluginOptions,
  memory: memoryPluginOptions,
  router: routerPluginOptions.default({ preferLocal: true, retry: true }) as z.ZodType<
    RouterPluginOptions,
    RouterPluginOptionsInput | undefined
  >,
  'local-embedders': localEmbeddersPluginOptions.default({}),
  mcp: mcpPluginOptions,
  ollama: ollamaPluginOptions.default({}),
  openai: openAiPluginOptions.default({}),
  mlx: mlxPluginOptions.default({}),
  agents: agentsConfigOptions.default({ maxDepth: 3 }),
  tasks: tasksConfigOptions,
  events: eventsConfigOptions,
  cerebrum: cerebrumPluginOptions.default({ maxRepairs: 2, maxReplans: 2, recallLimit: 5, structuredOutput: true, durable: true }),
  energy: energyPluginOptions,
  toolkit: toolkitPluginOptions,
  /** The user's own plugins by module path (see `loadUserPlugins`). */
  plugins: userPluginsOptions,
} as const;

/** A configuration slot of {@link cliPlugins} that is one first-party plugin. */
export type CliPluginSlot = Exclude<keyof typeof cliPlugins, 'plugins'>;

/**
 * Slots that run only when the configuration names them (in the file or by a variable): model
 * providers need an endpoint or a machine that has them, and the rest are opt-in features.
 */
export const optInPlugins: ReadonlySet<CliPluginSlot> = new Set([
  'ollama',
  'openai',
  'mlx',
  'agents',
  'tasks',
  'events',
  'cerebrum',
  'energy',
  'toolkit',
]);

/** Variables the CLI reads itself besides the plugins' (known names for "did you mean"). */
export const cliVariables = ['CORTEX_HOME', 'CORTEX_CONFIG', 'CORTEX_LOG_LEVEL'] as const;

/** The file `cortex` reads when `--config` is not given, in the working directory. */
export const defaultConfigFile = 'cortex.config.json';
