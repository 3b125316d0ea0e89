import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError, defineTool, type ToolRegistry } from '@cortex-os/kernel';
import { createPolicyRouter, createToolRegistry } from '@cortex-os/kernel/internal';
import { toModelTools, type ChatMessage } from '@cortex-os/kernel/router';
import { createMcpHttpHandler, createMcpSamplingProvider, type McpHttpHandler } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport, startPlainHttpServer, z, type PlainHttpServer } from '@cortex-os/plugin-mcp/testing';
import { createScriptedModelProvider, type ScriptedModelProvider } from '@cortex-os/provider-kit/testing';

// A real SDK client whose sampling handler plays the desktop client's model; the runtime's
// agent (a tool handler looping over the router) has no API key of its own.
const weather = defineTool({
  name: 'weather',
  description: 'Weather for a city.',
  input: z.object({ city: z.string() }),
  handler: ({ city }) => ({ city, sky: city === 'Paris' ? 'sunny' : 'grey' }),
});

function createRuntime(): { tools: ToolRegistry; router: ReturnType<typeof createPolicyRouter>; fallback: ScriptedModelProvider } {
  const tools = createToolRegistry();
  const fallback = createScriptedModelProvider({
    name: 'local-fallback',
    script: [{ text: 'fallback answer' }, { text: 'fallback answer' }],
    tools: true,
  });
  const router = createPolicyRouter({ providers: [createMcpSamplingProvider(), fallback], policy: { preferLocal: false } });
  tools.register(weather);
  tools.register(
    defineTool({
      name: 'consult',
      description: 'Answers a question with the help of tools, using the caller’s model.',
      input: z.object({ question: z.string() }),
      handler: async ({ question }, ctx) => {
        const offered = toModelTools([weather]);
        const messages: ChatMessage[] = [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: question },
        ];
        for (let turn = 0; turn < 4; turn++) {
          const reply = await router.generate(messages, { tools: offered, maxTokens: 200, signal: ctx.signal });
          if (reply.toolCalls === undefined) return { answer: reply.text, provider: reply.provider, model: reply.model };
          messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls });
          for (const call of reply.toolCalls) {
            const result = await tools.call(call.name, JSON.parse(call.arguments), { signal: ctx.signal });
            messages.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(result.structured) });
          }
        }
        throw new Error('the model kept calling tools');
      },
    }),
  );
  return { tools, router, fallback };
}

interface SamplingRequestSeen {
  readonly messages: unknown[];
  readonly tools?: { name: string }[];
  readonly toolChoice?: unknown;
  readonly systemPrompt?: string;
  readonly maxTokens: number;
}

/** The client's model: first asks for the weather tool, then answers from its result. */
function clientModel(seen: SamplingRequestSeen[]) {
  return async (request: { params: SamplingRequestSeen }) => {
    seen.push(request.params);
    const last = request.params.messages.at(-1) as { content: unknown };
    const results = (Array.isArray(last.content) ? last.content : [last.content]) as {
      type: string;
      toolUseId?: string;
      content?: { text: string }[];
    }[];
    const toolResult = results.find((block) => block.type === 'tool_result');
    if (toolResult === undefined) {
      return {
        role: 'assistant' as const,
        model: 'desktop-model',
        stopReason: 'toolUse',
        content: [{ type: 'tool_use' as const, id: 'use-1', name: 'weather', input: { city: 'Paris' } }],
      };
    }
    const sky = (JSON.parse(toolResult.content?.[0]?.text ?? '{}') as { sky?: string }).sky;
    return {
      role: 'assistant' as const,
      model: 'desktop-model',
      stopReason: 'endTurn',
      content: { type: 'text' as const, text: `It is ${sky} in Paris.` },
    };
  };
}

let http: PlainHttpServer;
let mcp: McpHttpHandler;
let runtime: ReturnType<typeof createRuntime>;

beforeAll(async () => {
  runtime = createRuntime();
  mcp = createMcpHttpHandler({ tools: runtime.tools, name: 'sampling-test', version: '1.0.0' });
  http = await startPlainHttpServer('/mcp', (req, res) => mcp.handle(req, res));
});
afterAll(async () => {
  await mcp.close();
  await http.close();
});

async function connect(mode: 'legacy' | 'auto', sampling: Record<string, unknown>, seen: SamplingRequestSeen[]): Promise<Client> {
  const client = new Client({ name: 'desktop', version: '1.0.0' }, { versionNegotiation: { mode }, capabilities: { sampling } });
  client.setRequestHandler('sampling/createMessage', clientModel(seen) as never);
  await client.connect(new StreamableHTTPClientTransport(new URL(`${http.origin}/mcp`)));
  return client;
}

describe.each([
  ['legacy', '2025-11-25'],
  ['auto', '2026-07-28'],
] as const)('MCP sampling as a model provider, %s negotiation', (mode, version) => {
  it(`runs a tool-calling agent on the calling client's model (protocol ${version})`, async () => {
    const seen: SamplingRequestSeen[] = [];
    const client = await connect(mode, { tools: {} }, seen);
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe(version);
      const result = await client.callTool({ name: 'consult', arguments: { question: 'Weather in Paris?' } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ answer: 'It is sunny in Paris.', provider: 'mcp-sampling', model: 'desktop-model' });
      // The 2026-07-28 client answers each question in a new round, so it may be asked the first one once per round.
      const distinct = seen.filter((request, index) => seen.findIndex((s) => JSON.stringify(s) === JSON.stringify(request)) === index);
      expect(distinct).toHaveLength(2);
      expect(distinct[0]).toMatchObject({
        systemPrompt: 'Be brief.',
        maxTokens: 200,
        messages: [{ role: 'user', content: { type: 'text', text: 'Weather in Paris?' } }],
        tools: [{ name: 'weather', description: 'Weather for a city.' }],
      });
      expect(distinct[1]?.messages.slice(1)).toEqual([
        { role: 'assistant', content: { type: 'tool_use', id: 'use-1', name: 'weather', input: { city: 'Paris' } } },
        {
          role: 'user',
          content: [{ type: 'tool_result', toolUseId: 'use-1', content: [{ type: 'text', text: '{"city":"Paris","sky":"sunny"}' }] }],
        },
      ]);
    } finally {
      await client.close();
    }
  });

  it('leaves a client that declared sampling without tools to the next provider', async () => {
    const seen: SamplingRequestSeen[] = [];
    const client = await connect(mode, {}, seen);
    try {
      const before = runtime.fallback.requests.length;
      const result = await client.callTool({ name: 'consult', arguments: { question: 'Weather?' } });
      expect(result.structuredContent).toMatchObject({ answer: 'fallback answer', provider: 'local-fallback' });
      expect(seen).toEqual([]);
      expect(runtime.fallback.requests.length).toBe(before + 1);
    } finally {
      await client.close();
    }
  });
});

describe('MCP sampling provider outside an MCP call', () => {
  it('reports itself unavailable and saying why, so the router falls back', async () => {
    const provider = createMcpSamplingProvider({ name: 'desk' });
    expect(provider.capabilities).toMatchObject({ operations: ['generate'], tools: true, structuredOutput: false, locality: 'remote' });
    const health = await provider.health();
    expect(health.available).toBe(false);
    expect(health.reason).toContain('serves only inside an MCP tool call');
    const failure = await provider.generate?.([{ role: 'user', content: 'hi' }]).catch((error: unknown) => error);
    expect(CortexError.is(failure, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect((failure as CortexError).details).toEqual({ provider: 'desk', reason: 'no-sampling-client' });
  });

  it('is skipped by a localOnly policy: the client’s model may run anywhere', async () => {
    const local = createScriptedModelProvider({ name: 'local', script: [{ text: 'local answer' }] });
    const router = createPolicyRouter({ providers: [createMcpSamplingProvider(), local] });
    const result = await router.generate([{ role: 'user', content: 'hi' }], { policy: { localOnly: true } });
    expect(result).toMatchObject({ provider: 'local', text: 'local answer' });
  });
});
