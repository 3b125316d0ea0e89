import { jsonRpcParseErrorAnswer } from './jsonRpcParseErrorAnswer.js';
import { type JsonWebKey, KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { AGENT_CARD_PATH } from '@a2a-js/sdk';
import { DefaultRequestHandler, InMemoryTaskStore, type PushNotificationStore, type TaskStore } from '@a2a-js/sdk/server';
import { type HttpAuthPolicy, type HttpTrackedStream, httpServiceToken } from '@cortex-os/http-api';
import { definePlugin, optional, type PluginFactory, type PluginLifecycle } from '@cortex-os/kernel';
import { type AgentsService, agentsServiceToken } from '@cortex-os/plugin-agents';
import { type TaskRunnerRegistry, taskRunnersToken, type TasksService, tasksServiceToken } from '@cortex-os/plugin-tasks';
import type { JWK } from 'jose';
import { z } from 'zod';
import { AgentRunExecutor } from './AgentRunExecutor.js';
import { buildAgentCard } from './buildAgentCard.js';
import { type A2aCardSigningOptions, createAgentCardSigner } from './createAgentCardSigner.js';
import { type A2aHttpHandler, createA2aHttpHandler } from './createA2aHttpHandler.js';
import { type A2aRestHandler, createA2aRestHandler } from './createA2aRestHandler.js';
import { resumeUnfinishedTasks } from './resumeUnfinishedTasks.js';
import { startA2aGrpcServer } from './startA2aGrpcServer.js';
import type { A2aError } from '../errors/A2aError.js';
import type { A2aPushOutbox } from '../push/A2aPushOutbox.js';
import { GuardedPushNotificationSender } from '../push/GuardedPushNotificationSender.js';
import { GuardedPushNotificationStore } from '../push/GuardedPushNotificationStore.js';
import { PushTargetGuard } from '../push/PushTargetGuard.js';
import { createPushNotificationSigner } from '../push/createPushNotificationSigner.js';
import { SqliteA2aTaskStore } from '../store/SqliteA2aTaskStore.js';
import { createA2aAgentTaskRunner } from '../tasks/a2aAgentTaskRunner.js';
import { DurableA2aRuns } from '../tasks/DurableA2aRuns.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Options of {@link a2aServerPlugin}, as given.
 * @public
 */
export interface A2aServerPluginOptionsInput {
  /** The Agent Card's name (default `cortex-os`). */
  readonly name?: string | undefined;
  /** The Agent Card's description (default: the exposed agents' descriptions). */
  readonly description?: string | undefined;
  /** The runtime's version on the card (default `0.1.0`). */
  readonly version?: string | undefined;
  /** The agents to expose, by name, the first the default (default: every agent, in registry order). */
  readonly agents?: readonly string[] | undefined;
  /** Where the JSON-RPC endpoint is mounted (default `/a2a/jsonrpc`). */
  readonly path?: string | undefined;
  /** Where the HTTP+JSON (REST) binding is mounted (default `/a2a/rest`); `false` serves none. */
  readonly restPath?: string | false | undefined;
  /** The base URL clients reach the runtime at, when it differs from the listening address (behind a proxy). */
  readonly publicUrl?: string | undefined;
  /**
   * Where A2A tasks are kept: any `@a2a-js/sdk` `TaskStore` (default its `InMemoryTaskStore`). A
   * {@link SqliteA2aTaskStore} keeps them across restarts, and the tasks a killed process left
   * unfinished are run again once the runtime has started. The host opens and closes it.
   */
  readonly taskStore?: TaskStore | undefined;
  /**
   * Runs each A2A task's agent as a plugin-tasks task (`a2a.agent`: durable, leased, checkpointed,
   * listed in `/api/v1/tasks`, resumed by any process after a crash) when the runtime has the tasks
   * plugin and its worker runs (default `true`); `false` runs agents in the request's process only.
   */
  readonly durableRuns?: boolean | undefined;
  /** Push notifications: on when given (the card then declares them); see {@link A2aPushOptions}. */
  readonly push?: A2aPushOptions | undefined;
  /**
   * Who may call the A2A endpoints (JSON-RPC and HTTP+JSON; the public card stays open):
   * `bearer` — a valid bearer token of the HTTP server (`httpPlugin({ auth })`), required by its
   * edge-security module (the server refuses to start without tokens or verifiers) and declared on
   * the card as the `bearer` HTTP scheme; `optional` — anyone, a token checked when sent (a bad one
   * gets 401), the scheme declared on the card and required by the skills of `authenticatedAgents`;
   * `none` — anyone, and the card declares no scheme. Unset: the HTTP server's default policy (a
   * token exactly when it has tokens), which the card cannot state, so it declares none — set this
   * for a card that says what is enforced.
   */
  readonly auth?: 'bearer' | 'optional' | 'none' | undefined;
  /**
   * With `auth: 'optional'`: the agents only an authenticated caller may run (their skills require
   * the `bearer` scheme on the card). A message for one without a valid token leaves its task in
   * `auth-required` (`TASK_STATE_AUTH_REQUIRED`, the status message saying what to send) without running the agent.
   */
  readonly authenticatedAgents?: readonly string[] | undefined;
  /** An authenticated extended card (needs `auth: 'bearer'`); see {@link A2aExtendedCardOptions}. */
  readonly extendedCard?: A2aExtendedCardOptions | undefined;
  /**
   * The deepest chain of A2A delegations a message may arrive at and still run (default 8): each
   * remote agent tool call made while running an A2A task sends one more (`cortexDelegationDepth`),
   * so runtimes that delegate to each other stop with a `rejected` task instead of looping.
   */
  readonly maxDelegationDepth?: number | undefined;
  /** Signs every card served (public and extended) with this key (JWS); see {@link A2aCardSigningOptions}. */
  readonly signing?: A2aCardSigningOptions | undefined;
  /**
   * Also serves the gRPC binding (v1.0) on its own port, listed on the card as a `GRPC` interface
   * (`host:port`). gRPC calls do not pass the HTTP server's edge security, so it needs `auth: 'none'`.
   */
  readonly grpc?: A2aGrpcOptions | undefined;
}

/**
 * The gRPC binding of {@link a2aServerPlugin}.
 * @public
 */
export interface A2aGrpcOptions {
  /** The port (`0` picks a free one; the card names the one bound). */
  readonly port: number;
  /** The interface to listen on (default `127.0.0.1`). */
  readonly host?: string | undefined;
}

/**
 * The authenticated extended card of {@link a2aServerPlugin}: what authenticated callers see
 * (`GetExtendedAgentCard`, 0.3 `agent/getAuthenticatedExtendedCard`, `GET /a2a/rest/extendedAgentCard`)
 * beyond the public card.
 * @public
 */
export interface A2aExtendedCardOptions {
  /** The agents it lists as skills, in order (default every agent); they may be called by authenticated callers. */
  readonly agents?: readonly string[] | undefined;
  /** Its description (default the public card's). */
  readonly description?: string | undefined;
}

/**
 * Push notification settings of {@link a2aServerPlugin}.
 * @public
 */
export interface A2aPushOptions {
  /** Non-public hosts receivers may still use (e.g. `['127.0.0.1']`); every other loopback, private or link-local target is refused. */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Attempts per notification (default 3). */
  readonly attempts?: number | undefined;
  /** Time limit of one attempt in ms (default 5 000). */
  readonly timeoutMs?: number | undefined;
  /**
   * Where configs are kept (default the SDK's in-memory store): a {@link SqliteA2aPushNotificationStore}
   * keeps them across restarts. The host opens and closes it.
   */
  readonly store?: PushNotificationStore | undefined;
  /**
   * Where notifications wait until delivered (default: in memory): a {@link SqliteA2aPushOutbox}
   * keeps them across restarts; a restarted server retries what it holds, with the attempts each
   * has left. The host opens and closes it.
   */
  readonly outbox?: A2aPushOutbox | undefined;
  /**
   * Signs every notification with this key: a JWT over the body and receiver (see
   * {@link createPushNotificationSigner}); the public key is served at `/.well-known/jwks.json`.
   */
  readonly signing?: A2aCardSigningOptions | undefined;
}

/**
 * Options of {@link a2aServerPlugin}, with defaults applied.
 * @public
 */
export interface A2aServerPluginOptions {
  /** The Agent Card's name. */
  readonly name: string;
  /** The Agent Card's description, when configured. */
  readonly description?: string | undefined;
  /** The runtime's version on the card. */
  readonly version: string;
  /** The agents to expose, when restricted. */
  readonly agents?: readonly string[] | undefined;
  /** Where the JSON-RPC endpoint is mounted. */
  readonly path: string;
  /** Where the HTTP+JSON binding is mounted, or `false`. */
  readonly restPath: string | false;
  /** The base URL clients reach the runtime at, when configured. */
  readonly publicUrl?: string | undefined;
  /** Where A2A tasks are kept, when not in memory. */
  readonly taskStore?: TaskStore | undefined;
  /** Whether agents run as plugin-tasks tasks when the tasks plugin serves them. */
  readonly durableRuns: boolean;
  /** Push notification settings, when push notifications are on. */
  readonly push?: A2aPushOptions | undefined;
  /** Who may call the A2A endpoints, when set. */
  readonly auth?: 'bearer' | 'optional' | 'none' | undefined;
  /** The agents only an authenticated caller may run, when any. */
  readonly authenticatedAgents?: readonly string[] | undefined;
  /** The authenticated extended card, when served. */
  readonly extendedCard?: A2aExtendedCardOptions | undefined;
  /** The deepest chain of A2A delegations that still runs. */
  readonly maxDelegationDepth: number;
  /** How cards are signed, when they are. */
  readonly signing?: A2aCardSigningOptions | undefined;
  /** The gRPC binding, when served. */
  readonly grpc?: A2aGrpcOptions | undefined;
}

const signingSchema = z
  .object({
    privateKey: z.custom<KeyObject | JsonWebKey>(
      // The private half: a public key would fail only at the first signature, long after start.
      (value) =>
        value instanceof KeyObject
          ? value.type === 'private'
          : typeof value === 'object' && value !== null && 'kty' in value && 'd' in value,
      'a private KeyObject or JWK',
    ),
    kid: z.string().min(1),
    alg: z.string().min(1),
    jku: z.url({ protocol: /^https?$/ }).optional(),
  })
  .optional();

const optionsSchema: z.ZodType<A2aServerPluginOptions, A2aServerPluginOptionsInput | undefined> = z
  .object({
    name: z.string().min(1).default('cortex-os'),
    description: z.string().min(1).optional(),
    version: z.string().min(1).default('0.1.0'),
    agents: z.array(z.string().min(1)).min(1).optional(),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9/_-]*$/)
      .default('/a2a/jsonrpc'),
    restPath: z.union([z.string().regex(/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/), z.literal(false)]).default('/a2a/rest'),
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    taskStore: z
      .custom<TaskStore>(
        (value) => typeof value === 'object' && value !== null && 'load' in value && 'save' in value,
        'a TaskStore (load, save)',
      )
      .optional(),
    durableRuns: z.boolean().default(true),
    push: z
      .object({
        allowedHosts: z.array(z.string().min(1)).optional(),
        attempts: z.int().min(1).max(10).optional(),
        timeoutMs: z.int().min(1).optional(),
        store: z
          .custom<PushNotificationStore>(
            (value) => typeof value === 'object' && value !== null && 'save' in value && 'load' in value && 'delete' in value,
            'a PushNotificationStore (save, load, delete)',
          )
          .optional(),
        outbox: z
          .custom<A2aPushOutbox>(
            (value) => typeof value === 'object' && value !== null && 'add' in value && 'pending' in value && 'remove' in value,
            'an A2aPushOutbox (add, attempted, remove, pending)',
          )
          .optional(),
        signing: signingSchema,
      })
      .optional(),
    auth: z.enum(['bearer', 'optional', 'none']).optional(),
    authenticatedAgents: z.array(z.string().min(1)).min(1).optional(),
    maxDelegationDepth: z.int().min(1).max(64).default(8),
    extendedCard: z.object({ agents: z.array(z.string().min(1)).min(1).optional(), description: z.string().min(1).optional() }).optional(),
    signing: signingSchema,
    grpc: z.object({ port: z.int().min(0).max(65_535), host: z.string().min(1).optional() }).optional(),
  })
  // gRPC bypasses the HTTP server's edge security: only an endpoint open to anyone may have it.
  .refine((options) => options.grpc === undefined || options.auth === 'none', {
    message: "grpc needs auth: 'none' (gRPC calls do not pass the HTTP server's edge security)",
    path: ['grpc'],
  })
  // The extended card is for authenticated callers: without required tokens there are none to tell apart.
  .refine((options) => options.extendedCard === undefined || options.auth === 'bearer', {
    message: "extendedCard needs auth: 'bearer'",
    path: ['extendedCard'],
  })
  // Under `bearer` every caller is authenticated; under `none` or the default, tokens are not read.
  .refine((options) => options.authenticatedAgents === undefined || options.auth === 'optional', {
    message: "authenticatedAgents needs auth: 'optional'",
    path: ['authenticatedAgents'],
  })
  .default({ name: 'cortex-os', version: '0.1.0', path: '/a2a/jsonrpc', restPath: '/a2a/rest', durableRuns: true, maxDelegationDepth: 8 });

/** The HTTP server's auth policy for the A2A endpoints. */
function mountAuth(auth: A2aServerPluginOptions['auth']): HttpAuthPolicy {
  if (auth === 'bearer') return 'required';
  return auth === undefined ? 'default' : auth;
}

/**
 * Serves the runtime's agents (plugin-agents) as one A2A agent on the runtime's HTTP server: the
 * Agent Card at `/.well-known/agent-card.json` (one skill per agent) and the JSON-RPC endpoint
 * (`/a2a/jsonrpc` by default) speaking A2A v1.0 and, for clients sending no `A2A-Version` or `0.3`, 0.3.
 *
 * @remarks
 * Built on `@a2a-js/sdk`'s `DefaultRequestHandler`, with an in-memory task store unless
 * `taskStore` names another (a {@link SqliteA2aTaskStore} for durable tasks). A message picks an agent with
 * `metadata.skillId`; without one the first exposed agent runs. The card and handler are built
 * on the first request, once every plugin has contributed its agents and the server listens.
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [httpPlugin({ port: 8080 }), routerPlugin(), models, agentsPlugin(), myAgents(), a2aServerPlugin()] });
 * ```
 * @public
 */
export const a2aServerPlugin: PluginFactory<z.ZodType<A2aServerPluginOptions, A2aServerPluginOptionsInput | undefined>> = definePlugin({
  name: 'a2a-server',
  version: packageVersion,
  description: 'Serves the runtime’s agents over the Agent2Agent (A2A) protocol.',
  options: optionsSchema,
  requires: { http: httpServiceToken, agents: agentsServiceToken, tasks: optional(tasksServiceToken), runners: optional(taskRunnersToken) },
  async start({ options, deps, lifecycle, logger }) {
    const { http, agents } = deps;
    const durable = durableRuns(options, deps, lifecycle);
    let served: Served | undefined;
    // Bound before any route is mounted, so the first card built already names its port.
    const grpc =
      options.grpc === undefined
        ? undefined
        : await startA2aGrpcServer({ requestHandler: () => ready().requestHandler, port: options.grpc.port, host: options.grpc.host });
    if (grpc !== undefined) lifecycle.onStopping(() => grpc.close());
    const ready = (): Served => {
      if (served !== undefined) return served;
      const { requestHandler, pushSender } = createRequestHandler(options, agents, durable, http.address?.url, grpc?.url, (error) =>
        logger.warn({ err: error }, 'An A2A push notification was not delivered.'),
      );
      const trackStream = (stream: HttpTrackedStream) => http.trackStream(stream);
      const handler = createA2aHttpHandler({ requestHandler, trackStream });
      const rest = options.restPath === false ? undefined : createA2aRestHandler({ requestHandler, prefix: options.restPath, trackStream });
      served = { handler, rest, requestHandler, pushSender };
      return served;
    };
    const store = options.taskStore;
    if (store instanceof SqliteA2aTaskStore) {
      // Tasks a killed process left running start again once every agent is registered and the server listens.
      lifecycle.onStarted(async () => {
        await resumeUnfinishedTasks(ready().requestHandler, store.unfinished(), (taskId, error) =>
          logger.warn({ err: error, taskId }, 'An A2A task left unfinished by a previous process could not be run again.'),
        );
      });
    }
    if (options.push?.outbox !== undefined) {
      // Notifications a previous process did not deliver are retried in the background: their backoff must not hold the start.
      lifecycle.onStarted(() => {
        ready()
          .pushSender?.resume()
          .catch((error: unknown) =>
            logger.warn({ err: error }, 'The A2A push notifications left by a previous process could not be read.'),
          );
      });
      lifecycle.onStopping(() => served?.pushSender?.close());
    }
    http.mountRaw({
      path: `/${AGENT_CARD_PATH}`,
      methods: ['GET'],
      auth: 'none',
      description: 'A2A Agent Card',
      handler: (req, res) => ready().handler.handleCard(req, res),
    });
    http.mountRaw({
      path: options.path,
      methods: ['POST'],
      description: 'A2A JSON-RPC endpoint (v1.0 and 0.3)',
      // Malformed JSON is answered in the JSON-RPC envelope (-32700), not as problem+json.
      onParseError: jsonRpcParseErrorAnswer,
      auth: mountAuth(options.auth),
      handler: (req, res, body, context) => ready().handler.handleJsonRpc(req, res, body, context.principal),
    });
    const jwks = publishedKeys(options);
    if (jwks.length > 0) {
      http.mountRaw({
        path: '/.well-known/jwks.json',
        methods: ['GET'],
        auth: 'none',
        description: 'Public keys of the A2A card and push notification signatures (JWKS)',
        handler: (_req, res) => {
          const body = JSON.stringify({ keys: jwks });
          res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'content-length': Buffer.byteLength(body) }).end(body);
        },
      });
    }
    if (options.restPath !== false) {
      http.mountRaw({
        path: `${options.restPath}/*`,
        methods: ['GET', 'POST', 'DELETE'],
        description: 'A2A HTTP+JSON (REST) binding (v1.0)',
        auth: mountAuth(options.auth),
        handler: (req, res, body, context) => ready().rest?.handle(req, res, body, context.principal),
      });
    }
  },
});

/**
 * The durable runs of A2A tasks, when the options allow and the runtime has the tasks plugin: the
 * `a2a.agent` runner is registered for the runtime's life (taken out while the worker stops, a
 * claimed task could find no runner), and followers detach when the runtime starts stopping.
 */
function durableRuns(
  options: A2aServerPluginOptions,
  deps: { readonly agents: AgentsService; readonly tasks?: TasksService | undefined; readonly runners?: TaskRunnerRegistry | undefined },
  lifecycle: PluginLifecycle,
): DurableA2aRuns | undefined {
  const { tasks, runners } = deps;
  if (!options.durableRuns || tasks === undefined || runners === undefined) return undefined;
  runners.register(createA2aAgentTaskRunner(deps.agents));
  const stopping = new AbortController();
  lifecycle.onStopping(() => stopping.abort());
  return new DurableA2aRuns({ tasks, served: () => runners.served, stopping: stopping.signal });
}

/** What serves the A2A routes, built on the first request. */
interface Served {
  readonly handler: A2aHttpHandler;
  readonly rest: A2aRestHandler | undefined;
  readonly requestHandler: DefaultRequestHandler;
  readonly pushSender: GuardedPushNotificationSender | undefined;
}

/** The SDK request handler over the exposed agents, built once the runtime listens (its URL is on the card). */
function createRequestHandler(
  options: A2aServerPluginOptions,
  agents: AgentsService,
  durable: DurableA2aRuns | undefined,
  listening: string | undefined,
  grpcUrl: string | undefined,
  onPushFailure: (error: A2aError) => void,
): { readonly requestHandler: DefaultRequestHandler; readonly pushSender: GuardedPushNotificationSender | undefined } {
  const listed = agents.list();
  const pick = (names: readonly string[] | undefined) =>
    names === undefined ? listed : listed.filter((agent) => names.includes(agent.name));
  const exposed = pick(options.agents);
  const extended = options.extendedCard === undefined ? undefined : pick(options.extendedCard.agents);
  const base = options.publicUrl ?? listening ?? 'http://127.0.0.1';
  const description = options.description ?? (exposed.map((agent) => agent.description).join(' ') || 'Cortex-OS agents.');
  const cardOf = (cardAgents: typeof listed, cardDescription: string) =>
    buildAgentCard({
      name: options.name,
      description: cardDescription,
      version: options.version,
      url: new URL(options.path, base).toString(),
      ...(options.restPath === false ? {} : { restUrl: new URL(options.restPath, base).toString() }),
      grpcUrl,
      agents: cardAgents,
      pushNotifications: options.push !== undefined,
      security: options.auth === 'bearer' || options.auth === 'optional' ? options.auth : undefined,
      authenticatedAgents: options.authenticatedAgents,
      extendedAgentCard: extended !== undefined,
    });
  const card = cardOf(exposed, description);
  const extendedCard = extended === undefined ? undefined : cardOf(extended, options.extendedCard?.description ?? description);
  // Every caller is authenticated when there is an extended card (auth: 'bearer'), so its agents may run too.
  const runnable = [...new Set([...exposed, ...(extended ?? [])].map((agent) => agent.name))];
  const executor = new AgentRunExecutor({
    agents,
    exposed: runnable,
    durable,
    authenticated: options.authenticatedAgents,
    maxDelegationDepth: options.maxDelegationDepth,
  });
  const taskStore = options.taskStore ?? new InMemoryTaskStore();
  const signer = options.signing === undefined ? undefined : createAgentCardSigner(options.signing);
  const push = options.push === undefined ? undefined : createPush(options.push, onPushFailure);
  const requestHandler = new DefaultRequestHandler(card, taskStore, executor, undefined, push?.store, push?.sender, extendedCard, signer);
  return { requestHandler, pushSender: push?.sender };
}

/** The public keys of the configured signing keys, once per `kid`. */
function publishedKeys(options: A2aServerPluginOptions): JWK[] {
  const keys = [options.signing, options.push?.signing].flatMap((signing) =>
    signing === undefined ? [] : [createPushNotificationSigner(signing).publicJwk],
  );
  return keys.filter((key, index) => keys.findIndex((other) => other.kid === key.kid) === index);
}

/** The guarded push notification store and sender. */
function createPush(
  options: A2aPushOptions,
  onPushFailure: (error: A2aError) => void,
): { store: PushNotificationStore; sender: GuardedPushNotificationSender } {
  const guard = new PushTargetGuard({ allowedHosts: options.allowedHosts });
  const store = new GuardedPushNotificationStore(guard, options.store);
  const sender = new GuardedPushNotificationSender({
    store,
    guard,
    attempts: options.attempts,
    timeoutMs: options.timeoutMs,
    onFailure: onPushFailure,
    signer: options.signing === undefined ? undefined : createPushNotificationSigner(options.signing),
    outbox: options.outbox,
  });
  return { store, sender };
}
