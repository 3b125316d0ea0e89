import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { builtFile } from '../support/builtFile.js';

const root = join(import.meta.dirname, '..', '..');
const example = join(root, 'examples', 'mcp-conformance');
const cli = join(example, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const out = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  // The runtime under test runs built, as a user would run it.
  child = spawn(process.execPath, [builtFile('examples/mcp-conformance/dist/main.js')], {
    env: { ...process.env, PORT: '0', CORTEX_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('listening ')) {
      url = line.slice('listening '.length);
      break;
    }
  }
});
afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(out, { recursive: true, force: true });
});

function runSuite(specVersion: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const run = spawn(
      process.execPath,
      [
        cli,
        'server',
        '--url',
        url,
        '--suite',
        'active',
        '--spec-version',
        specVersion,
        '--expected-failures',
        join(example, 'conformance-baseline.yml'),
        '-o',
        join(out, specVersion),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    run.stdout.on('data', (c: Buffer) => (output += c.toString()));
    run.stderr.on('data', (c: Buffer) => (output += c.toString()));
    // Bounded: the whole active suite takes ~2 s here; a hung scenario fails the test instead of CI.
    const timer = setTimeout(() => run.kill('SIGKILL'), 60_000);
    run.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.each(['2025-06-18', '2025-11-25'])('official MCP conformance suite, spec %s', (specVersion) => {
  it('passes every active scenario (or the baseline names it)', async () => {
    const { code, output } = await runSuite(specVersion);
    expect(output).toContain('Baseline check passed');
    expect(output).not.toMatch(/✗/);
    expect(code).toBe(0);
    const checks = readdirSync(join(out, specVersion)).flatMap(
      (dir) => JSON.parse(readFileSync(join(out, specVersion, dir, 'checks.json'), 'utf8')) as { status: string }[],
    );
    expect(checks.length).toBeGreaterThan(20);
    expect(checks.filter((c) => c.status !== 'SUCCESS')).toEqual([]);
  }, 90_000);
});

// Some suite checks are weak (any text passes tools-call-simple-text): assert each fixture's exact result.
describe('conformance fixtures, exactly', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'fixtures', version: '1' }, { capabilities: { sampling: {}, elicitation: { form: {} } } });
    client.setRequestHandler('sampling/createMessage', async (request) => ({
      role: 'assistant',
      content: { type: 'text', text: `echo:${JSON.stringify(request.params.messages[0]?.content)}` },
      model: 'm',
    }));
    client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { username: 'u', email: 'e@x' } }));
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('tools return exactly what the suite describes', async () => {
    const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });
    expect((await call('test_simple_text')).content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);
    expect((await call('test_image_content')).content).toEqual([
      { type: 'image', data: expect.stringMatching(/^iVBORw0KGgo/), mimeType: 'image/png' },
    ]);
    expect((await call('test_audio_content')).content).toEqual([
      { type: 'audio', data: expect.stringMatching(/^UklGR/), mimeType: 'audio/wav' },
    ]);
    expect((await call('test_embedded_resource')).content).toEqual([
      {
        type: 'resource',
        resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
      },
    ]);
    expect((await call('test_multiple_content_types')).content).toEqual([
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: expect.any(String), mimeType: 'image/png' },
      {
        type: 'resource',
        resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' },
      },
    ]);
    expect(await call('test_error_handling')).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'A tool handler threw or rejected.' }],
    });
    expect((await call('test_sampling', { prompt: 'Hi' })).content).toEqual([
      { type: 'text', text: 'LLM response: echo:{"type":"text","text":"Hi"}' },
    ]);
    expect((await call('test_elicitation', { message: 'Who?' })).content).toEqual([
      { type: 'text', text: 'User response: action=accept, content={"username":"u","email":"e@x"}' },
    ]);
    const progress: number[] = [];
    await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([0, 50, 100]);
    const listed = (await client.listTools()).tools.find((t) => t.name === 'json_schema_2020_12_tool');
    expect(listed?.inputSchema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    });
  });

  it('resources, templates, prompts and completion return exactly what the suite describes', async () => {
    expect(await client.readResource({ uri: 'test://static-text' })).toMatchObject({
      contents: [{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }],
    });
    expect(await client.readResource({ uri: 'test://static-binary' })).toMatchObject({
      contents: [{ uri: 'test://static-binary', mimeType: 'image/png', blob: expect.stringMatching(/^iVBORw0KGgo/) }],
    });
    expect(await client.readResource({ uri: 'test://template/123/data' })).toMatchObject({
      contents: [
        {
          uri: 'test://template/123/data',
          mimeType: 'application/json',
          text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}',
        },
      ],
    });
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([
      expect.objectContaining({ uriTemplate: 'test://template/{id}/data', name: 'template-data' }),
    ]);
    expect((await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'hello', arg2: 'world' } })).messages).toEqual([
      { role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='hello', arg2='world'" } },
    ]);
    expect((await client.getPrompt({ name: 'test_simple_prompt' })).messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
    ]);
    expect((await client.listPrompts()).prompts.find((p) => p.name === 'test_prompt_with_arguments')?.arguments).toEqual([
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ]);
    expect(
      (await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } }))
        .completion,
    ).toEqual({ values: ['paris', 'park', 'party'], total: 3, hasMore: false });
    expect(
      (await client.complete({ ref: { type: 'ref/resource', uri: 'test://template/{id}/data' }, argument: { name: 'id', value: '4' } }))
        .completion.values,
    ).toEqual(['456']);
    await expect(client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'x' } })).rejects.toMatchObject({
      code: -32602,
    });
    await expect(client.readResource({ uri: 'test://nope' })).rejects.toMatchObject({ code: -32602 });
  });
});
