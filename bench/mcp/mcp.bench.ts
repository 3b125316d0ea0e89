// Tool-call latency (p50, p99) and throughput with 1 and 8 concurrent clients, over stdio and
// Streamable HTTP (2026-07-28), through @cortex-os/plugin-mcp vs a bare MCP SDK v2 server with the
// same trivial tool, in the same run. Run after `pnpm build`: node bench/mcp/mcp.bench.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, StdioClientTransport, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { createReport, percentile, sized } from '../lib/measure.ts';
import { httpHandler, type ServerKind } from './servers.ts';

const CALLS = Number(process.env['MCP_BENCH_CALLS'] ?? sized(4000, 40));
const WARMUP = sized(200, 8);
const ROUNDS = sized(10, 2);
// A smoke run still has a concurrent case, but 2 clients, not 8 stdio child processes per side.
const CLIENT_COUNTS = sized([1, 8], [1, 2]);
const report = createReport('mcp');

/** A server under test: how to connect one more client, and how to shut it down. */
interface Target {
  connect(): Promise<Client>;
  close(): Promise<void>;
}

async function startHttp(kind: ServerKind): Promise<Target> {
  const side = httpHandler(kind);
  const server = createServer((req, res) => void side.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  return {
    connect: async () => {
      const client = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: 'auto' } });
      await client.connect(new StreamableHTTPClientTransport(url));
      return client;
    },
    close: async () => {
      await side.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function startStdio(kind: ServerKind): Target {
  return {
    connect: async () => {
      const client = new Client({ name: 'bench', version: '1' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [join(import.meta.dirname, 'stdioServer.ts'), kind],
          stderr: 'ignore',
          env: { PATH: process.env['PATH'] ?? '', CORTEX_LOG_LEVEL: 'silent' },
        }),
      );
      return client;
    },
    close: async () => {},
  };
}

const call = (client: Client, i: number) => client.callTool({ name: 'echo', arguments: { text: `hello ${i}` } });

interface Side {
  readonly connected: Client[];
  readonly latencies: number[];
  seconds: number;
}

/** Per side: latencies (ms, sorted) and calls/s over the time that side was running. */
interface SideResult {
  readonly latencies: Float64Array;
  readonly throughput: number;
}

/** Connects `clients` clients to each target and warms each up. */
async function connectSides(targets: Record<ServerKind, Target>, clients: number): Promise<Map<ServerKind, Side>> {
  const sides = new Map<ServerKind, Side>();
  for (const [kind, target] of Object.entries(targets) as [ServerKind, Target][]) {
    const connected = await Promise.all(Array.from({ length: clients }, () => target.connect()));
    for (const client of connected) for (let i = 0; i < WARMUP / clients; i++) await call(client, i);
    sides.set(kind, { connected, latencies: [], seconds: 0 });
  }
  return sides;
}

/** One round of one side: every client makes `perClient` calls, one after another, all clients at once. */
async function runRound(side: Side, perClient: number): Promise<void> {
  const started = process.hrtime.bigint();
  await Promise.all(
    side.connected.map(async (client) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = process.hrtime.bigint();
        const result = await call(client, i);
        side.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        // SDK v2 types structured content as an opaque object: the echo tool's is `{ text }`.
        if ((result.structuredContent as { text?: unknown } | undefined)?.text !== `hello ${i}`) throw new Error('wrong result');
      }
    }),
  );
  side.seconds += Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Runs both sides with `clients` concurrent clients each (each client its own connection),
 * `CALLS` calls per side in total, in ROUNDS alternating rounds (bare, plugin, plugin, bare, …)
 * so load drift on a shared machine hits both sides alike.
 */
async function measurePair(targets: Record<ServerKind, Target>, clients: number): Promise<Record<ServerKind, SideResult>> {
  const sides = await connectSides(targets, clients);
  const perClient = Math.ceil(CALLS / clients / ROUNDS);
  const order = [...sides.keys()];
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 === 0 ? order : [...order].reverse()) {
      const side = sides.get(kind);
      if (side !== undefined) await runRound(side, perClient);
    }
  }
  const out = new Map<ServerKind, SideResult>();
  for (const [kind, side] of sides) {
    await Promise.all(side.connected.map((c) => c.close()));
    out.set(kind, { latencies: Float64Array.from(side.latencies).sort(), throughput: side.latencies.length / side.seconds });
  }
  const bare = out.get('bare');
  const plugin = out.get('plugin');
  if (bare === undefined || plugin === undefined) throw new Error('a side is missing');
  return { bare, plugin };
}

async function measureCase(transport: 'stdio' | 'http', clients: number): Promise<void> {
  const targets = {
    bare: transport === 'http' ? await startHttp('bare') : startStdio('bare'),
    plugin: transport === 'http' ? await startHttp('plugin') : startStdio('plugin'),
  };
  const results = await measurePair(targets, clients);
  for (const target of Object.values(targets)) await target.close();
  const name = `tools/call echo over ${transport}, ${clients} client${clients === 1 ? '' : 's'}`;
  const baseline = `bare MCP SDK v2 McpServer (${transport})`;
  for (const p of [50, 99]) {
    report.add({
      case: name,
      metric: `p${p}`,
      unit: 'ms',
      value: percentile(results.plugin.latencies, p),
      baseline,
      baselineValue: percentile(results.bare.latencies, p),
    });
  }
  report.add({
    case: name,
    metric: 'throughput',
    unit: 'calls/s',
    value: results.plugin.throughput,
    baseline,
    baselineValue: results.bare.throughput,
  });
}

for (const transport of ['stdio', 'http'] as const) {
  for (const clients of CLIENT_COUNTS) await measureCase(transport, clients);
}

report.print([
  `${CALLS} calls per case and side after ${WARMUP} warm-up calls, in ${ROUNDS} rounds alternating the sides; payload {"text":"hello <i>"} → structured {"text":…}.`,
  'HTTP: SDK v2 client, protocol 2026-07-28 (stateless, one server instance per request on both sides).',
  'stdio: one child process per client. Aim: plugin latency within 1.2× of the bare server (ratio ≤ 1.2; for throughput ≥ 0.83).',
]);
