import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from '@cortex-os/plugin-mcp/testing';
import { defineTool } from '@cortex-os/kernel';
import { createMcpHttpHandler, type McpHttpHandler } from '@cortex-os/plugin-mcp';
import {
  Client,
  ProtocolError,
  StreamableHTTPClientTransport,
  startPlainHttpServer,
  type PlainHttpServer,
} from '@cortex-os/plugin-mcp/testing';
import { createTestTools, PNG, WAV } from './fixtures.js';

const { tools, slow } = createTestTools();
let mcp: McpHttpHandler;
let http: PlainHttpServer;

beforeAll(async () => {
  mcp = createMcpHttpHandler({ tools, name: 'test-server', version: '1.2.3' });
  http = await startPlainHttpServer('/mcp', (req, res) => mcp.handle(req, res));
});
afterAll(async () => {
  await mcp.close();
  await http.close();
});

async function connect(mode: 'legacy' | 'auto', onToolsChanged?: (names: string[]) => void): Promise<Client> {
  const client = new Client(
    { name: 'vitest', version: '1.0.0' },
    {
      versionNegotiation: { mode },
      capabilities: { sampling: {}, elicitation: { form: {} } },
      ...(onToolsChanged === undefined
        ? {}
        : {
            listChanged: {
              tools: {
                debounceMs: 0,
                onChanged: (_e: unknown, list: { name: string }[] | null) => onToolsChanged((list ?? []).map((t) => t.name)),
              },
            },
          }),
    },
  );
  client.setRequestHandler('sampling/createMessage', async () => ({
    role: 'assistant',
    content: { type: 'text', text: 'forty-two' },
    model: 'test-model',
  }));
  client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: 'Ada' } }));
  await client.connect(new StreamableHTTPClientTransport(new URL(`${http.origin}/mcp`)));
  return client;
}

describe.each([
  ['legacy', '2025-11-25'],
  ['auto', '2026-07-28'],
] as const)('MCP over Streamable HTTP, %s negotiation', (mode, version) => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(mode);
  });
  afterAll(async () => {
    await client.close();
  });

  it(`speaks protocol ${version}`, () => {
    expect(client.getNegotiatedProtocolVersion()).toBe(version);
    expect(client.getServerVersion()).toMatchObject({ name: 'test-server', version: '1.2.3' });
  });

  it('lists the registry tools with JSON Schema 2020-12 and annotations', async () => {
    const { tools: listed } = await client.listTools();
    expect(listed.map((t) => t.name)).toEqual(['ask', 'echo', 'fail', 'progress', 'rich', 'slow']);
    const echo = listed.find((t) => t.name === 'echo');
    expect(echo?.inputSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { text: { type: 'string', minLength: 1, description: 'What to repeat' } },
      required: ['text'],
    });
    expect(echo?.outputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string' }, length: { type: 'number' } } });
    expect(echo?.annotations).toEqual({ readOnlyHint: true, idempotentHint: true });
  });

  it('returns structured content with its text serialisation', async () => {
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ text: 'hi', length: 2 });
    expect(result.content).toEqual([{ type: 'text', text: '{"text":"hi","length":2}' }]);
  });

  it('maps text, image, audio and resource links', async () => {
    const result = await client.callTool({ name: 'rich', arguments: {} });
    expect(result.content).toEqual([
      { type: 'text', text: 'hello' },
      { type: 'image', data: PNG, mimeType: 'image/png' },
      { type: 'audio', data: WAV, mimeType: 'audio/wav' },
      { type: 'resource_link', uri: 'notes://1', name: 'note 1', mimeType: 'text/plain', description: 'The first note' },
    ]);
  });

  it('answers an unknown tool with JSON-RPC error -32602', async () => {
    const error = await client.callTool({ name: 'ecko', arguments: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32602);
    expect((error as ProtocolError).message).toContain('Unknown tool "ecko". Did you mean "echo"?');
  });

  it('answers invalid arguments with an isError result naming the field', async () => {
    const result = await client.callTool({ name: 'echo', arguments: { text: '' } });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: expect.stringContaining('Invalid input for tool "echo": text:') }]);
    expect(result._meta?.['cortex-os/errorCode']).toBe('TOOL_INPUT_INVALID');
  });

  it('answers a failing tool with an isError result and no stack trace', async () => {
    const result = await client.callTool({ name: 'fail', arguments: {} });
    expect(result.isError).toBe(true);
    // A handler's own words may hold internals: the caller sees the catalogue description only.
    expect(result.content).toEqual([{ type: 'text', text: 'A tool handler threw or rejected.' }]);
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    expect(JSON.stringify(result)).not.toMatch(/\bat .*\.ts:\d+/);
    expect(result._meta?.['cortex-os/errorCode']).toBe('TOOL_EXECUTION_FAILED');
  });

  it('forwards progress notifications in order', async () => {
    const seen: { progress: number; total?: number | undefined; message?: string | undefined }[] = [];
    const result = await client.callTool(
      { name: 'progress', arguments: { steps: 3 } },
      { onprogress: (p) => seen.push({ progress: p.progress, total: p.total, message: p.message }) },
    );
    expect(result.structuredContent).toEqual({ done: 3 });
    expect(seen).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('lends sampling and elicitation to the handler', async () => {
    const result = await client.callTool({ name: 'ask', arguments: { topic: 'life' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ answer: 'forty-two', user: 'Ada', action: 'accept' });
  });

  it('aborts the handler signal when the request is cancelled', async () => {
    const probe = slow();
    const controller = new AbortController();
    const call = client.callTool({ name: 'slow', arguments: {} }, { signal: controller.signal });
    await probe.started;
    controller.abort(new Error('user pressed stop'));
    await expect(call).rejects.toThrow();
    await expect(probe.aborted).resolves.toBeDefined();
  });
});

describe('tools/list_changed', () => {
  it.each(['legacy', 'auto'] as const)('tells a %s client about tools added and removed while running', async (mode) => {
    const changes: string[][] = [];
    let notify!: () => void;
    let next = new Promise<void>((r) => (notify = r));
    const client = await connect(mode, (names) => {
      changes.push(names);
      notify();
    });
    try {
      // The listen stream (modern) or GET stream (legacy) opens asynchronously after connect; a ping round-trip settles it.
      await client.listTools();
      const remove = tools.register(
        defineTool({ name: `late_${mode}`, description: 'Added late.', input: z.object({}), handler: () => ({}) }),
      );
      await next;
      expect(changes.at(-1)).toContain(`late_${mode}`);
      next = new Promise<void>((r) => (notify = r));
      remove();
      await next;
      expect(changes.at(-1)).not.toContain(`late_${mode}`);
    } finally {
      await client.close();
    }
  });
});

describe('logging', () => {
  it('sends log calls from the handler as notifications/message at or above the client level', async () => {
    const client = await connect('legacy');
    try {
      const messages: { level: string; data: unknown; logger?: string }[] = [];
      client.setNotificationHandler('notifications/message', (n) => {
        messages.push({
          level: n.params.level,
          data: n.params.data,
          ...(n.params.logger === undefined ? {} : { logger: n.params.logger }),
        });
      });
      await client.setLoggingLevel('info');
      await client.callTool({ name: 'progress', arguments: { steps: 1 } });
      expect(messages).toEqual([{ level: 'info', data: { steps: 1 }, logger: 'progress' }]);
    } finally {
      await client.close();
    }
  });
});
