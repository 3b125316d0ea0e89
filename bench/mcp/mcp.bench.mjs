// Tool-call latency (p50, p99) and throughput with 1 and 8 concurrent clients, over stdio and
// Streamable HTTP (2026-07-28), through @cortex-os/plugin-mcp vs a bare MCP SDK v2 server with the
// same trivial tool, in the same run. Run after `pnpm build`: node bench/mcp/mcp.bench.mjs
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createReport, percentile } from '../lib/measure.mjs';
import { Client, StdioClientTransport, StreamableHTTPClientTransport } from '../../packages/plugin-mcp/dist/testing/index.js';
import { httpHandler } from './servers.mjs';

const CALLS = Number(process.env.MCP_BENCH_CALLS ?? 4000);
const WARMUP = 200;
const report = createReport('mcp');

async function startHttp(kind) {
  const side = httpHandler(kind);
  const server = createServer((req, res) => void side.handle(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${server.address().port}/mcp`);
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

function startStdio(kind) {
  return {
    connect: async () => {
      const client = new Client({ name: 'bench', version: '1' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [join(import.meta.dirname, 'stdioServer.mjs'), kind],
          stderr: 'ignore',
          env: { PATH: process.env.PATH ?? '', CORTEX_LOG_LEVEL: 'silent' },
        }),
      );
      return client;
    },
    close: async () => {},
  };
}

const ROUNDS = 10;

/**
 * Runs both sides with `clients` concurrent clients each (each client its own connection),
 * `CALLS` calls per side in total, in ROUNDS alternating rounds (bare, plugin, plugin, bare, …)
 * so load drift on a shared machine hits both sides alike. Returns per side the latencies
 * (ms, sorted) and calls/s over the time that side was running.
 */
async function measurePair(targets, clients) {
  const sides = {};
  for (const [kind, target] of Object.entries(targets)) {
    const connected = await Promise.all(Array.from({ length: clients }, () => target.connect()));
    for (const client of connected) for (let i = 0; i < WARMUP / clients; i++) await call(client, i);
    sides[kind] = { connected, latencies: [], seconds: 0 };
  }
  const perClient = Math.ceil(CALLS / clients / ROUNDS);
  const order = Object.keys(sides);
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 === 0 ? order : [...order].reverse()) {
      const side = sides[kind];
      const started = process.hrtime.bigint();
      await Promise.all(
        side.connected.map(async (client) => {
          for (let i = 0; i < perClient; i++) {
            const t0 = process.hrtime.bigint();
            const result = await call(client, i);
            side.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (result.structuredContent?.text !== `hello ${i}`) throw new Error('wrong result');
          }
        }),
      );
      side.seconds += Number(process.hrtime.bigint() - started) / 1e9;
    }
  }
  const out = {};
  for (const [kind, side] of Object.entries(sides)) {
    await Promise.all(side.connected.map((c) => c.close()));
    out[kind] = { latencies: Float64Array.from(side.latencies).sort(), throughput: side.latencies.length / side.seconds };
  }
  return out;
}

const call = (client, i) => client.callTool({ name: 'echo', arguments: { text: `hello ${i}` } });

for (const transport of ['stdio', 'http']) {
  for (const clients of [1, 8]) {
    const targets = {};
    for (const kind of ['bare', 'plugin']) targets[kind] = transport === 'http' ? await startHttp(kind) : startStdio(kind);
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
}

report.print([
  `${CALLS} calls per case and side after ${WARMUP} warm-up calls, in ${ROUNDS} rounds alternating the sides; payload {"text":"hello <i>"} → structured {"text":…}.`,
  'HTTP: SDK v2 client, protocol 2026-07-28 (stateless, one server instance per request on both sides).',
  'stdio: one child process per client. Aim: plugin latency within 1.2× of the bare server (ratio ≤ 1.2; for throughput ≥ 0.83).',
]);
