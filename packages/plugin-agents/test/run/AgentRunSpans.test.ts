import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAgent } from '@cortex-os/plugin-agents';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentKernel } from '../support/agentKernel.js';
import { brokenTool, weatherTool } from '../support/tools.js';

// The SDK is what a host app would register; the plugin only talks to @opentelemetry/api.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

describe('AgentRunSpans', () => {
  it('records invoke_agent with a chat span per model call and an execute_tool span per tool call', async () => {
    const agent = defineAgent({ name: 'traced', description: 'Traced.', instructions: 'Look.', tools: ['weather', 'broken'] });
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools: [weatherTool, brokenTool],
      model: {
        script: [
          {
            toolCalls: [
              { id: 'w', name: 'weather', arguments: { city: 'Oslo' } },
              { id: 'b', name: 'broken', arguments: {} },
            ],
            usage: { inputTokens: 40, outputTokens: 8 },
          },
          { text: 'Sunny.', usage: { inputTokens: 60, outputTokens: 3 } },
        ],
      },
    });
    exporter.reset();
    const result = await runtime.agents.run('traced', { input: 'Weather?' });
    const spans = exporter.getFinishedSpans();
    const run = spans.find((span) => span.name === 'invoke_agent traced');
    expect(run?.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'traced',
      'gen_ai.conversation.id': result.runId,
      'cortex.agent.status': 'completed',
      'cortex.agent.total_tokens': 111,
    });
    const children = spans.filter((span) => span.parentSpanContext?.spanId === run?.spanContext().spanId);
    expect(children.map((span) => span.name).sort()).toEqual(['chat model', 'chat model', 'execute_tool broken', 'execute_tool weather']);
    const firstChat = children.find((span) => span.name === 'chat model' && span.attributes['cortex.agent.step'] === 0);
    expect(firstChat?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 8,
      'gen_ai.provider.name': 'scripted',
      'gen_ai.response.model': 'scripted-model',
      'cortex.agent.tools_called': ['weather', 'broken'],
    });
    const broken = children.find((span) => span.name === 'execute_tool broken');
    expect(broken?.attributes).toMatchObject({ 'gen_ai.tool.call.id': 'b', 'error.type': 'TOOL_EXECUTION_FAILED' });
  });

  it('records the recall and the write of the answer as execute_tool spans of the run (a real plugin-memory on SQLite)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-spans-memory-'));
    try {
      const agent = defineAgent({ name: 'recalling', description: 'Recalls.', instructions: 'Answer.', memory: { writeBack: ['answer'] } });
      await using runtime = await startAgentKernel({
        agents: [agent],
        model: { script: [{ text: 'Sunny.' }] },
        plugins: [localEmbeddersPlugin(), memoryPlugin({ dataDir, rest: { enabled: false } })],
      });
      exporter.reset();
      const result = await runtime.agents.run('recalling', { input: 'Weather?' });
      expect(result.status).toBe('completed');
      const spans = exporter.getFinishedSpans();
      const run = spans.find((span) => span.name === 'invoke_agent recalling');
      const children = spans.filter((span) => span.parentSpanContext?.spanId === run?.spanContext().spanId);
      expect(
        children.map((span) => [span.name, span.attributes['gen_ai.tool.call.id'], span.attributes['cortex.agent.tool_outcome']]),
      ).toEqual([
        ['execute_tool memory.search', 'cortex.memory.recall', 'succeeded'],
        ['chat model', undefined, undefined],
        ['execute_tool memory.store', 'cortex.memory.answer', 'succeeded'],
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
