// An agent exposed as a tool (`asTool`), called over MCP (Streamable HTTP on 127.0.0.1) by the
// official SDK client: one progress notification per step of the agent's run, then its result.
import { createKernel, createLogger } from '@cortex-os/kernel';
import { defineAgent } from '@cortex-os/plugin-agents';
import { createMcpHttpHandler } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport, startPlainHttpServer } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it } from 'vitest';
import { scriptedAgentPlugins, weatherTool } from '../support/scriptedAgents.js';
const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Use the weather tool, then answer in one sentence.',
  tools: ['weather'],
  asTool: true,
  budgets: { maxSteps: 4 },
});

describe('an agent as an MCP tool', () => {
  for (const mode of ['legacy', 'auto'] as const) {
    it(`sends a progress notification per step and returns the run's result (${mode} negotiation)`, async () => {
      const script = [
        { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
        { toolCalls: [{ name: 'weather', arguments: { city: 'Bergen' } }] },
        { text: 'Sunny in Oslo and Bergen.' },
      ];
      await using kernel = createKernel({
        logger: createLogger({ level: 'silent' }),
        plugins: scriptedAgentPlugins({ script, tools: [weatherTool], agents: [forecaster] }),
      });
      await kernel.start();
      const mcp = createMcpHttpHandler({ tools: kernel.tools, name: 'agents-test', version: '1.0.0' });
      const http = await startPlainHttpServer('/mcp', (req, res) => mcp.handle(req, res));
      const client = new Client({ name: 'vitest', version: '1.0.0' }, { versionNegotiation: { mode } });
      try {
        await client.connect(new StreamableHTTPClientTransport(new URL(`${http.origin}/mcp`)));
        const { tools } = await client.listTools();
        expect(tools.find((tool) => tool.name === 'agent.forecaster')?.description).toBe('Tells the weather in a city.');
        const progress: { progress: number; total?: number | undefined }[] = [];
        const result = await client.callTool(
          { name: 'agent.forecaster', arguments: { input: 'Weather in Oslo and Bergen?' } },
          { onprogress: (p) => progress.push({ progress: p.progress, total: p.total }) },
        );
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({ status: 'completed', output: 'Sunny in Oslo and Bergen.', steps: 3 });
        expect(progress).toEqual([
          { progress: 1, total: 4 },
          { progress: 2, total: 4 },
          { progress: 3, total: 4 },
        ]);
      } finally {
        await client.close();
        await mcp.close();
        await http.close();
      }
    });
  }
});
