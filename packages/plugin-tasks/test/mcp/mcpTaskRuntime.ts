import { randomUUID } from 'node:crypto';
import { httpServiceToken } from '@cortex-os/http-api';
import { defineAgent } from '@cortex-os/plugin-agents';
import { mcpPlugin, mcpTaskReceiverToken } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { mcpTasksPlugin } from '@cortex-os/plugin-tasks/mcp';
import { createTaskSessionFromClient, toolDeclarationFromMcpTool } from '@modelcontextprotocol/ext-tasks/client';
import { onTestFinished } from 'vitest';
import { type LedgerHooks, manualTimer, startLedgerKernel } from '../agents/taskKernel.js';
import { tokenHttpPlugin } from '../plugin/startTasksRuntime.js';

export type TaskId = Parameters<ReturnType<typeof createTaskSessionFromClient>['task']>[0];

const agents = [
  defineAgent({
    name: 'bookkeeper',
    description: 'Keeps the ledger.',
    instructions: 'Keep it.',
    tools: ['ledger.*'],
    approval: [],
    asTool: true,
  }),
  defineAgent({
    name: 'careful',
    description: 'Keeps the ledger, asking first.',
    instructions: 'Keep it.',
    tools: ['ledger.*'],
    asTool: true,
  }),
];

/** A ledger runtime with HTTP (tokens of alice, bob and `ops` with `tasks:admin`), tasks, MCP and the MCP task receiver. */
export async function startRuntime(ran: LedgerHooks['ran'] = () => {}) {
  const tokens = { alice: randomUUID(), bob: randomUUID(), ops: randomUUID() };
  const manual = manualTimer();
  const runtime = await startLedgerKernel({ ran }, agents, [
    tokenHttpPlugin(tokens),
    tasksPlugin({ file: ':memory:', leaseMs: 10_000, timer: manual.timer }),
    mcpPlugin({ http: { path: '/mcp' } }),
    mcpTasksPlugin({ pollIntervalMs: 5 }),
  ]);
  onTestFinished(() => runtime[Symbol.asyncDispose]());
  const url = new URL(`${(await runtime.kernel.get(httpServiceToken).listen()).url}/mcp`);
  /** A real SDK client speaking the 2025-11-25 protocol (where MCP tasks live) as `who`, and an ext-tasks session over it. */
  const connect = async (who: keyof typeof tokens) => {
    const client = new Client({ name: `${who}-client`, version: '1' }, { versionNegotiation: { mode: 'legacy' } });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${tokens[who]}` } } }));
    const session = createTaskSessionFromClient(client, { endpointId: `cortex-${who}` });
    onTestFinished(async () => {
      await session.close();
      await client.close();
    });
    const declarations = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
    const callAsTask = (tool: string, input: string) =>
      session.callTool(
        tool,
        { input },
        { declaration: toolDeclarationFromMcpTool(declarations.get(tool)!), task: { preference: 'require' } },
      );
    return { client, session, declarations, callAsTask };
  };
  return { tasks: runtime.kernel.get(tasksServiceToken), receiver: runtime.kernel.get(mcpTaskReceiverToken), connect, url, tokens };
}
