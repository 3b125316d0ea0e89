import { randomUUID } from 'node:crypto';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { manualTimer, startLedgerKernel } from '../agents/taskKernel.js';

/** The HTTP plugin on 127.0.0.1, port 0, with bearer tokens of alice, bob and `ops` (scope `tasks:admin`). */
export function tokenHttpPlugin(tokens: { readonly alice: string; readonly bob: string; readonly ops: string }) {
  return httpPlugin({
    host: '127.0.0.1',
    port: 0,
    metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
    tracing: { enabled: false },
    auth: {
      tokens: [
        { token: tokens.alice, principal: 'alice' },
        { token: tokens.bob, principal: 'bob' },
        { token: tokens.ops, principal: 'ops', scopes: ['tasks:admin'] },
      ],
    },
  });
}

/** A ledger runtime with the HTTP plugin on 127.0.0.1 (tokens of alice, bob and `ops` with scope `tasks:admin`) and the tasks plugin; `call` sends a REST request under /api/v1/tasks. */
export async function startRuntime() {
  const alice = randomUUID();
  const bob = randomUUID();
  const admin = randomUUID();
  const runs: string[] = [];
  const manual = manualTimer();
  const runtime = await startLedgerKernel({ ran: (_, callId) => void runs.push(callId) }, undefined, [
    tokenHttpPlugin({ alice, bob, ops: admin }),
    tasksPlugin({ file: ':memory:', leaseMs: 10_000, timer: manual.timer }),
  ]);
  const base = `${(await runtime.kernel.get(httpServiceToken).listen()).url}/api/v1/tasks`;
  const call = async (as: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${as}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  return { runtime, tasks: runtime.kernel.get(tasksServiceToken), call, alice, bob, admin, runs, manual };
}
