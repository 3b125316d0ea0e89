import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import {
  type ChatMessage,
  collectModelStream,
  type ModelProvider,
  type ModelStreamPart,
  parseModelToolCall,
  policyRouterToken,
  routerPlugin,
  toModelTools,
} from '@cortex-os/kernel/router';
import { createTestKernel, expectCortexError } from '@cortex-os/kernel/testing';
import { createMlxProvider, mlxPlugin } from '@cortex-os/plugin-mlx';
import { startFakeOpenAiChatServer } from '@cortex-os/provider-kit/testing';
// MLX needs Apple silicon: on these machines only the Python test double of mlx / mlx_lm runs,
// under the real worker, bridge and tool-call parser.
import { fakeMlxEnv } from '../../packages/plugin-mlx/test/fixtures/workerEnv.js';

const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city.',
  input: z.object({ city: z.string() }),
  handler: () => ({ sky: 'clear' }),
});
const clock = defineTool({ name: 'clock', description: 'The time.', input: z.object({}), handler: () => ({}) });
const tools = toModelTools([weather, clock]);

/** A user turn that makes the test double generate exactly these pieces. */
const script = (...pieces: string[]): ChatMessage[] => [{ role: 'user', content: `__script__ ${JSON.stringify(pieces)}` }];

function createProvider(model: string): ModelProvider {
  return createMlxProvider({
    dangerouslySkipPlatformCheck: true,
    env: fakeMlxEnv,
    generationModels: [model],
    requestTimeoutMs: 15_000,
    startTimeoutMs: 15_000,
  });
}

// One worker serves the file (each start costs a Python interpreter); every test leaves it idle.
const shared = createProvider('m');
afterAll(() => shared.close?.());

async function withProvider(run: (provider: ModelProvider) => Promise<void>, model = 'm'): Promise<void> {
  if (model === 'm') return run(shared);
  const provider = createProvider(model);
  try {
    await run(provider);
  } finally {
    await provider.close?.();
  }
}

async function partsOf(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const callId = expect.stringMatching(/^call_[0-9a-f]{24}$/);

describe('MLX tool calling with the Python test double (MLX itself needs Apple silicon)', () => {
  it('declares tools and streaming, and no structured output, which mlx-lm cannot constrain', async () => {
    await withProvider(async (provider) => {
      expect(provider.capabilities).toMatchObject({ tools: true, streaming: true, structuredOutput: false, locality: 'local' });
    });
  });

  it('generate: parses a tool call out of the reply, with finish reason tool_calls and usage', async () => {
    await withProvider(async (provider) => {
      const pieces = ['Let me check. ', '<tool_call>\n{"name": "weather", ', '"arguments": {"city": "Paris"}}\n</tool_call>'];
      const tokens: string[] = [];
      const reply = await provider.generate!(script(...pieces), { tools, onToken: (token) => tokens.push(token) });
      expect(reply).toEqual({
        model: 'm',
        text: 'Let me check. ',
        finishReason: 'tool_calls',
        usage: { inputTokens: 3, outputTokens: 3 },
        toolCalls: [{ id: callId, name: 'weather', arguments: '{"city":"Paris"}' }],
      });
      expect(tokens).toEqual(['Let me check. ']);
      const [call] = reply.toolCalls ?? [];
      expect(parseModelToolCall(call!, [weather, clock])).toMatchObject({ tool: weather, input: { city: 'Paris' } });
    });
  });

  it('stream: text deltas hold back a marker split across tokens, then one delta per call, then finish', async () => {
    await withProvider(async (provider) => {
      const pieces = [
        'Sure',
        ' <to',
        'ol_',
        'call>{"name": "clock"}</tool_call>',
        '<tool_call>{"name": "weather", "arguments": ',
        '{"city": "Oslo"}}</tool_call>',
        ' done',
      ];
      const parts = await partsOf(provider.stream!(script(...pieces), { tools }));
      expect(parts).toEqual([
        { type: 'text-delta', text: 'Sure' },
        { type: 'text-delta', text: ' ' },
        { type: 'tool-call-delta', index: 0, id: callId, name: 'clock', argumentsDelta: '{}' },
        { type: 'tool-call-delta', index: 1, id: callId, name: 'weather', argumentsDelta: '{"city":"Oslo"}' },
        { type: 'text-delta', text: ' done' },
        { type: 'finish', finishReason: 'tool_calls', usage: { inputTokens: 3, outputTokens: 7 } },
      ]);
      const collected = await collectModelStream(
        (async function* () {
          yield* parts;
        })(),
      );
      expect(collected.text).toBe('Sure  done');
      expect(collected.toolCalls.map((call) => call.name)).toEqual(['clock', 'weather']);
    });
  });

  it('stream without tools: markers are plain text and the finish reason is the model’s', async () => {
    await withProvider(async (provider) => {
      const parts = await partsOf(provider.stream!(script('a <tool_call>{"name": "clock"}</tool_call>'), { maxTokens: 5 }));
      expect(parts).toEqual([
        { type: 'text-delta', text: 'a <tool_call>{"name": "clock"}</tool_call>' },
        { type: 'finish', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 1 } },
      ]);
      const none = await provider.generate!(script('<tool_call>{"name": "clock"}</tool_call>'), { tools, toolChoice: 'none' });
      expect(none).toMatchObject({ text: '<tool_call>{"name": "clock"}</tool_call>', finishReason: 'stop' });
      expect(none.toolCalls).toBeUndefined();
    });
  });

  it('malformed tool calls: broken JSON is a call that parseModelToolCall reports; a nameless or cut-off block stays text', async () => {
    await withProvider(async (provider) => {
      const broken = await provider.generate!(script('<tool_call>{"name": "weather", "arguments": {"city": "Paris",}}</tool_call>'), {
        tools,
      });
      expect(broken.toolCalls).toEqual([{ id: callId, name: 'weather', arguments: '{"city": "Paris",}' }]);
      const error = await expectCortexError(() => parseModelToolCall(broken.toolCalls![0]!, [weather]), 'PROVIDER_TOOL_CALL_INVALID');
      expect(error.details).toMatchObject({ tool: 'weather', arguments: '{"city": "Paris",}', issues: [{ code: 'invalid_json' }] });

      const nameless = await provider.generate!(script('Hm <tool_call>{"city": "Paris"}</tool_call>'), { tools });
      expect(nameless).toMatchObject({ text: 'Hm <tool_call>{"city": "Paris"}</tool_call>', finishReason: 'stop' });
      expect(nameless.toolCalls).toBeUndefined();

      const cut = await provider.generate!(script('<tool_call>{"name": ', '"weather", "arguments": {"ci', 'ty": "Paris"}}</tool_call>'), {
        tools,
        maxTokens: 2,
      });
      expect(cut).toMatchObject({ text: '<tool_call>{"name": "weather", "arguments": {"ci', finishReason: 'length' });
    });
  });

  it('sends tools and the tool-call history to the chat template in the shape templates read', async () => {
    await withProvider(async (provider) => {
      const history: ChatMessage[] = [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', toolCallId: 'c1', content: '__template__ {"sky":"clear"}' },
      ];
      const reply = await provider.generate!(history, { tools, toolChoice: { name: 'weather' } });
      // A named choice primes the reply with the start marker; the double echoes the template
      // instead of a call, so the block is never closed and stays text.
      expect(reply.text.startsWith('<tool_call>')).toBe(true);
      const seen = JSON.parse(reply.text.slice('<tool_call>'.length)) as { messages: unknown[]; tools: unknown[] };
      expect(seen.messages).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: { city: 'Paris' } } }],
        },
        { role: 'tool', tool_call_id: 'c1', name: 'weather', content: '__template__ {"sky":"clear"}' },
      ]);
      // A named choice offers only that tool; `$schema` is dropped from what the template prints.
      expect(seen.tools).toEqual([
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'The weather in a city.',
            parameters: expect.not.objectContaining({ $schema: expect.anything() }),
          },
        },
      ]);
    });
  });

  it('toolChoice required starts the reply with the start marker, so the model continues with a call', async () => {
    await withProvider(async (provider) => {
      const reply = await provider.generate!(script('{"name": "clock", "arguments": {}}', '</tool_call>'), {
        tools,
        toolChoice: 'required',
      });
      expect(reply).toMatchObject({ text: '', finishReason: 'tool_calls', toolCalls: [{ id: callId, name: 'clock', arguments: '{}' }] });
    });
  });

  it("uses the markers and parser mlx-lm's tokenizer knows for the model", async () => {
    await withProvider(async (provider) => {
      const parts = await partsOf(provider.stream!(script('x[TOOL_', 'CALL]{"name": "weather"}[/TOOL_CALL]'), { tools }));
      // mlx-lm's json_tools parser encodes missing arguments as '""': read as `{}`.
      expect(parts.slice(0, 2)).toEqual([
        { type: 'text-delta', text: 'x' },
        { type: 'tool-call-delta', index: 0, id: callId, name: 'weather', argumentsDelta: '{}' },
      ]);
    }, 'native/m');
  });

  it('asks for structured output in the system message (no constraint) and returns the text to validate', async () => {
    await withProvider(async (provider) => {
      const reply = await provider.generate!([{ role: 'user', content: '__template__' }], {
        responseFormat: { type: 'json_schema', name: 'city', schema: { type: 'object' } },
      });
      const seen = JSON.parse(reply.text) as { messages: Array<{ role: string; content: string }>; tools: unknown };
      expect(seen.messages[0]).toEqual({
        role: 'system',
        content: 'Reply with only a JSON value, without prose or code fences, that matches the JSON Schema "city": {"type":"object"}',
      });
      expect(seen.tools).toBeNull();
    });
  });

  it('stops the worker when the reader leaves the stream early, and keeps serving', async () => {
    await withProvider(async (provider) => {
      for await (const part of provider.stream!([{ role: 'user', content: '__slow__' }], { tools })) {
        expect(part).toEqual({ type: 'text-delta', text: 'tick ' });
        break;
      }
      // The model lock is free again only if the slow generation really stopped.
      expect((await provider.generate!([{ role: 'user', content: 'after' }])).text).toBe('echo: after');
    });
  });

  it("rejects a stream with the caller's reason when the caller aborts, even while the worker starts", async () => {
    await withProvider(async (provider) => {
      const starting = new AbortController();
      const early = partsOf(provider.stream!([{ role: 'user', content: '__slow__' }], { signal: starting.signal }));
      starting.abort(new Error('caller gave up early'));
      await expect(early).rejects.toThrow('caller gave up early');
      const controller = new AbortController();
      const parts: ModelStreamPart[] = [];
      const reading = (async () => {
        for await (const part of provider.stream!([{ role: 'user', content: '__slow__' }], { signal: controller.signal })) {
          parts.push(part);
          controller.abort(new Error('caller gave up'));
        }
      })();
      await expect(reading).rejects.toThrow('caller gave up');
      // Parts queued before the abort are not read after it.
      expect(parts).toEqual([{ type: 'text-delta', text: 'tick ' }]);
    });
  });

  it('is chosen by the router for a streamed request with tools, as a plugin', async () => {
    await using kernel = createTestKernel({
      plugins: [
        routerPlugin({ retry: false }),
        mlxPlugin({ dangerouslySkipPlatformCheck: true, env: fakeMlxEnv, generationModels: ['m'] }),
      ],
    });
    await kernel.start();
    const routed = await kernel.get(policyRouterToken).stream(script('<tool_call>{"name": "clock"}</tool_call>'), { tools });
    expect(routed).toMatchObject({ provider: 'mlx', fellBack: false });
    const collected = await collectModelStream(routed.parts);
    expect(collected).toMatchObject({ text: '', finishReason: 'tool_calls', toolCalls: [{ id: callId, name: 'clock', arguments: '{}' }] });
  });
});

describe('MLX tool calling in server mode (mlx_lm.server, here the OpenAI wire fake on 127.0.0.1)', () => {
  it('is chosen by the router for a streamed request with tools, as a plugin', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: { toolCalls: [{ id: 'call_1', name: 'clock', arguments: '{}' }], usage: { inputTokens: 12, outputTokens: 5 } },
    });
    await using kernel = createTestKernel({
      plugins: [routerPlugin({ retry: false }), mlxPlugin({ serverUrl: fake.url, generationModels: ['fake-model'] })],
    });
    await kernel.start();
    const routed = await kernel.get(policyRouterToken).stream([{ role: 'user', content: 'What time is it?' }], { tools });
    expect(routed).toMatchObject({ provider: 'mlx', fellBack: false });
    const collected = await collectModelStream(routed.parts);
    expect(collected).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_1', name: 'clock', arguments: '{}' }],
      usage: { inputTokens: 12, outputTokens: 5 },
    });
    expect(fake.requests[0]?.body).toMatchObject({
      stream: true,
      tools: [{ function: { name: 'weather' } }, { function: { name: 'clock' } }],
    });
    expect(fake.rejections).toEqual([]);
  });
});
