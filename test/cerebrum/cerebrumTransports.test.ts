// The cerebrum tools through the transports a client uses: `cerebrum.plan` over REST
// (`POST /api/v1/tools/cerebrum.plan`) and `cerebrum.execute` over MCP (Streamable HTTP), in a
// real runtime on 127.0.0.1 with the scripted model writing the plans and real tools running them.
import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, createLogger } from '@cortex-os/kernel';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { cerebrumPlugin } from '@cortex-os/plugin-cerebrum';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { loopbackTransports } from './loopbackTransports.js';
import { noteTools } from './noteTools.js';

const written: string[] = [];
const tools = noteTools(written, 'page.read');
const plan = {
  text: JSON.stringify({
    goal: 'x',
    context: [],
    steps: [
      { id: 'page', tool: 'page.read', input: { page: 'otters' }, inputsFrom: {}, dependsOn: [] },
      { id: 'note', tool: 'notes.write', input: {}, inputsFrom: { text: 'page' }, dependsOn: ['page'] },
    ],
  }),
};

describe('cerebrum over REST and MCP', () => {
  it('plans over REST and plans and runs over MCP, validated against the same tools', async () => {
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: agentRuntimePlugins({
        model: createScriptedModelProvider({ script: [plan, plan] }),
        tools,
        agents: [],
        plugins: [...loopbackTransports('cerebrum-test'), cerebrumPlugin({ recallLimit: 0, durable: false })],
      }),
    });
    await kernel.start();
    try {
      const { url } = await kernel.get(httpServiceToken).listen();
      const goal = 'Save a note about otters';
      const response = await fetch(`${url}/api/v1/tools/cerebrum.plan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ goal, tools: ['page.read', 'notes.write'] }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { structured: { plan: { goal: string; steps: { id: string }[] } } };
      expect(body.structured.plan.goal).toBe(goal);
      expect(body.structured.plan.steps.map((step) => step.id)).toEqual(['page', 'note']);
      expect(written).toEqual([]);

      const client = new Client({ name: 'cerebrum-client', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      try {
        const listed = await client.listTools();
        expect(listed.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['cerebrum.plan', 'cerebrum.execute']));
        const result = await client.callTool({ name: 'cerebrum.execute', arguments: { goal, tools: ['page.read', 'notes.write'] } });
        expect(result.isError).not.toBe(true);
        expect(result.structuredContent).toMatchObject({ ran: ['page', 'note'], replans: 0 });
        expect(written).toEqual(['otters: otters hold hands']);
      } finally {
        await client.close();
      }
    } finally {
      await kernel.stop();
    }
  });
});
