// A2A SendMessage round trip (JSON-RPC, v1.0, one message at a time, p50/p99) through a Cortex-OS
// runtime (a2aServerPlugin on the runtime's Fastify server, running a plugin-agents agent with a
// scripted one-step model) vs a bare @a2a-js/sdk server (its Express jsonRpcHandler and
// DefaultRequestHandler with an executor publishing the same events), in the same run, twice:
// - durable: our SqliteA2aTaskStore vs the SDK's DatabaseTaskStore on Kysely + better-sqlite3,
//   both files in WAL mode with synchronous=FULL (the SDK's `save` is one autocommitted upsert, so
//   each save is one fsynced commit; ours syncs every save a response can depend on — the first and
//   every state but `working` — and commits a running task's progress without the sync, ADR 0029);
//   issue 21 aims ≤ 1.2×.
//   Our side runs twice: the agent run in the request's process (no tasks plugin), and the run as
//   a durable plugin-tasks task (tasksPlugin on its own SQLite file, defaults: the `a2a.agent`
//   runner, the default whenever a runtime has the tasks plugin), both against the same SDK samples;
// - in memory: the SDK's InMemoryTaskStore on both sides (reported, no aim).
// Both sides emit task, working, working (naming step 1), artifact, completed per message (five
// saves; the SDK's five fsyncs, ours two: a second `working` identical to the first would be a write
// SQLite skips). The same
// client (fetch) sends to every side; sides alternate over ROUNDS rounds (the order rotating from
// round to round), each on a fresh server.
// Run after `pnpm build` (tsc -b): node bench/a2a/a2a.bench.ts
// BENCH_A2A_SIDES=ours-tasks (comma-separated side names) runs only those sides, e.g. under
// `strace -f -c -e trace=fsync,fdatasync` to count fsyncs per message.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentCard } from '@a2a-js/sdk';
import { DefaultRequestHandler, InMemoryTaskStore, type TaskStore } from '@a2a-js/sdk/server';
import { DatabaseTaskStore } from '@a2a-js/sdk/server/database';
import { jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import { createKernel, createLogger, definePlugin } from '@cortex-os/kernel';
import { modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import { a2aServerPlugin, buildAgentCard, SqliteA2aTaskStore } from '@cortex-os/plugin-a2a';
import { agentExtensionPoints, agentsPlugin, defineAgent } from '@cortex-os/plugin-agents';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { startRuntime } from '@cortex-os/runtime';
import Database from 'better-sqlite3';
import express from 'express';
import { Kysely, SqliteDialect } from 'kysely';
import { createEchoExecutor } from '../../packages/plugin-a2a/test/support/echoExecutor.ts';
import { createReport, percentile, sampleAsync, sized } from '../lib/measure.ts';

const CALLS = sized(1000, 20);
const WARMUP = sized(100, 5);
const ROUNDS = sized(3, 1);
const report = createReport('a2a');
/** Only these sides, when set (comma-separated, e.g. `ours-tasks`): to strace or profile one side alone. */
const ONLY = process.env['BENCH_A2A_SIDES']?.split(',');
const root = mkdtempSync(join(tmpdir(), 'bench-a2a-'));

type StoreKind = 'durable' | 'memory';
/** Where our agent runs: in the request's process, or as a durable plugin-tasks task. */
type RunKind = 'in-process' | 'tasks';

interface Target {
  readonly url: string;
  close(): Promise<void>;
}

function durableFile(name: string): Database.Database {
  const db = new Database(join(root, `${name}-${crypto.randomUUID()}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

async function startOurs(kind: StoreKind, runs: RunKind = 'in-process'): Promise<Target> {
  const taskStore = kind === 'durable' ? SqliteA2aTaskStore.open({ file: join(root, `ours-${crypto.randomUUID()}.sqlite`) }) : undefined;
  const model = createScriptedModelProvider({ script: Array.from({ length: CALLS + WARMUP + 1 }, () => ({ text: 'ok' })) });
  const echo = defineAgent({ name: 'echo', description: 'Answers ok.', instructions: 'Answer ok.', budgets: { maxSteps: 1 } });
  const runtime = await startRuntime(
    createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [
        httpPlugin({ port: 0, metrics: { defaultMetrics: false } }),
        routerPlugin(),
        definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
        agentsPlugin(),
        ...(runs === 'tasks' ? [tasksPlugin({ file: join(root, `tasks-${crypto.randomUUID()}.sqlite`) })] : []),
        definePlugin({
          name: 'echo',
          version: '1.0.0',
          contributes: { agents: agentExtensionPoints.agents },
          start: () => ({ agents: [echo] }),
        })(),
        a2aServerPlugin({ name: 'bench', ...(taskStore === undefined ? {} : { taskStore }) }),
      ],
    }),
    { signals: false },
  );
  return {
    url: `${runtime.address?.url ?? ''}/a2a/jsonrpc`,
    close: async () => {
      await runtime[Symbol.asyncDispose]();
      taskStore?.close();
    },
  };
}

/** The SDK side's trivial agent: the events our executor publishes for a one-step run (task, working ×2, artifact, completed). */
const echoExecutor = createEchoExecutor(2, 'ok');

async function sdkStore(kind: StoreKind): Promise<{ store: TaskStore; close(): Promise<void> }> {
  if (kind === 'memory') return { store: new InMemoryTaskStore(), close: async () => undefined };
  const database = durableFile('sdk');
  // The table the SDK's task store migration creates (its CLI's `taskStoreMigrations`), for SQLite.
  database.exec(`CREATE TABLE tasks (tenant varchar(255) NOT NULL, owner varchar(255) NOT NULL, id varchar(36) NOT NULL,
    context_id varchar(36) NOT NULL, status_last_updated bigint NOT NULL, status_state varchar(255), status text, artifacts text,
    history text, metadata text, protocol_version varchar(255), CONSTRAINT tasks_pkey PRIMARY KEY (tenant, owner, id))`);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  return { store: new DatabaseTaskStore(db), close: () => db.destroy() };
}

async function startSdk(kind: StoreKind): Promise<Target> {
  const { store, close } = await sdkStore(kind);
  const app = express();
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a2a/jsonrpc`;
  const card: AgentCard = buildAgentCard({
    name: 'bench',
    description: 'Answers ok.',
    version: '1.0.0',
    url,
    agents: [{ name: 'echo', description: 'Answers ok.', structuredOutput: false }],
  });
  const requestHandler = new DefaultRequestHandler(card, store, echoExecutor);
  app.use('/a2a/jsonrpc', jsonRpcHandler({ requestHandler, userBuilder: UserBuilder.noAuthentication }));
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await close();
    },
  };
}

/** One blocking SendMessage; throws unless the task completed (so a broken side cannot look fast). */
async function sendMessage(url: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'SendMessage',
      params: { message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: 'hi' }] } },
    }),
  });
  const answer = (await response.json()) as { result?: { task?: { status?: { state?: string } } } };
  if (answer.result?.task?.status?.state !== 'TASK_STATE_COMPLETED')
    throw new Error(`unexpected answer: ${JSON.stringify(answer).slice(0, 300)}`);
}

async function measure(start: () => Promise<Target>): Promise<number[]> {
  const target = await start();
  try {
    const samples = await sampleAsync(() => sendMessage(target.url), { iterations: CALLS, warmup: WARMUP });
    return Array.from(samples, (ns) => ns / 1000);
  } finally {
    await target.close();
  }
}

/** The sides of one store kind, each a name and how to start it; the SDK's side is `sdk`. */
function sidesOf(kind: StoreKind): Array<[string, () => Promise<Target>]> {
  const sides: Array<[string, () => Promise<Target>]> = [
    ['ours', () => startOurs(kind)],
    ['sdk', () => startSdk(kind)],
  ];
  if (kind === 'durable') sides.push(['ours-tasks', () => startOurs(kind, 'tasks')]);
  return ONLY === undefined ? sides : sides.filter(([name]) => ONLY.includes(name));
}

/** ROUNDS rounds over every side of `kind`, the side that opens a round rotating; sorted µs per side. */
async function measureKind(kind: StoreKind): Promise<Map<string, number[]>> {
  const sides = sidesOf(kind);
  const samples = new Map(sides.map(([name]) => [name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < sides.length; i++) {
      const [name, start] = sides[(round + i) % sides.length] as [string, () => Promise<Target>];
      samples.get(name)?.push(...(await measure(start)));
    }
  }
  for (const values of samples.values()) values.sort((a, b) => a - b);
  return samples;
}

const CASES = {
  ours: 'SendMessage round trip, durable SQLite store',
  'ours-tasks': 'SendMessage round trip, durable SQLite store, runs as plugin-tasks tasks',
} as const;

try {
  for (const kind of ['durable', 'memory'] as const) {
    const samples = await measureKind(kind);
    if (samples.size === 0) continue;
    const sdk = samples.get('sdk') ?? [];
    const baseline = kind === 'durable' ? '@a2a-js/sdk express + DatabaseTaskStore (SQLite)' : '@a2a-js/sdk express + InMemoryTaskStore';
    for (const side of ['ours', 'ours-tasks'] as const) {
      const ours = samples.get(side);
      if (ours === undefined) continue;
      const name = kind === 'durable' ? CASES[side] : 'SendMessage round trip, in-memory store';
      for (const p of [50, 99]) {
        report.add({ case: name, metric: `p${p}`, unit: 'µs', value: percentile(ours, p), baseline, baselineValue: percentile(sdk, p) });
      }
    }
  }
  report.print([
    `${ROUNDS} rounds × ${CALLS} sequential SendMessage calls per side and store (JSON-RPC v1.0, blocking), sides alternating`,
    'ours: a Cortex-OS runtime (Fastify, a2aServerPlugin, plugin-agents agent with a scripted one-step model)',
    'ours, runs as plugin-tasks tasks: the same runtime with tasksPlugin (own SQLite file, defaults), the a2a.agent runner',
    'SDK: express + jsonRpcHandler + DefaultRequestHandler with an executor publishing the same five events',
    "disk syncs (WAL, synchronous=FULL): the SDK's DatabaseTaskStore every save; ours the saves a response can depend on (the first, every state but working: 2 of 5), a running task's progress committed without the sync (ADR 0029)",
    'issue 21 aim: durable p50/p99 ≤ 1.2× the SDK with DatabaseTaskStore (both durable cases); in-memory reported, no aim',
  ]);
} finally {
  rmSync(root, { recursive: true, force: true });
}
