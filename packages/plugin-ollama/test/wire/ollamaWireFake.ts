// A wire fake of Ollama's `POST /api/chat` on 127.0.0.1: it checks each request against the
// documented shape (docs/api.md, docs/capabilities/tool-calling.mdx, and the server's
// `api/types.go`) and answers a scripted reply the way Ollama does — NDJSON lines when streaming
// (content pieces, whole tool calls in their own chunk, a final line with `done_reason` and
// counts), one object otherwise, `{"error": "…"}` with a 400 for a malformed request.
//
// Where Ollama silently drops what it does not understand (unknown fields, `$ref` in a tool's
// schema, `tool_choice`), the fake refuses instead, so a provider that relies on it fails here.
// Because the same hands wrote the provider and this fake, the official `ollama` client calls it
// too (ollamaWireCrossCheck.test.ts): the fake must accept that client's requests and the client
// must parse the fake's answers.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson, sendNdjson, startTestHttpServer, type TestHttpServer } from '@cortex-os/provider-kit/testing';

/** A tool call in a scripted reply, as Ollama sends it. */
export interface FakeToolCall {
  /** Ollama 0.12+ sends `call_…`; leave it out to play an older server. */
  readonly id?: string;
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** A scripted reply. */
export interface FakeReply {
  /** Content pieces: one NDJSON line each when streaming, joined otherwise. */
  readonly content?: readonly string[];
  /** Tool calls, each inner list sent as one chunk (Ollama sends calls whole). */
  readonly toolCallChunks?: readonly (readonly FakeToolCall[])[];
  readonly doneReason?: 'stop' | 'length';
  readonly promptEvalCount?: number;
  readonly evalCount?: number;
  /** Sent as an `{"error"}` line after the content, instead of the final line. */
  readonly errorMidStream?: string;
  /** Answer `{"error"}` with this status instead of a reply (e.g. a model without tool support). */
  readonly refuse?: { readonly status: number; readonly error: string };
  /** Write the NDJSON body in pieces of this many characters. */
  readonly chunkSize?: number;
}

const toolCallSchema = z.strictObject({
  id: z.string().min(1).optional(),
  type: z.literal('function').optional(),
  function: z.strictObject({
    index: z.int().nonnegative().optional(),
    name: z.string().min(1),
    // An object: Ollama's server cannot read JSON text here.
    arguments: z.record(z.string(), z.unknown()),
  }),
});

const messageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().optional(),
  thinking: z.string().optional(),
  images: z.array(z.string()).optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_name: z.string().min(1).optional(),
  tool_call_id: z.string().min(1).optional(),
});

// A property of a tool's schema as Ollama's `ToolProperty` reads it: an object, `type` a string or a list.
const toolPropertySchema = z.looseObject({ type: z.union([z.string(), z.array(z.string())]).optional() });

const toolSchema = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.looseObject({
      type: z.literal('object'),
      properties: z.record(z.string(), toolPropertySchema),
      required: z.array(z.string()).optional(),
    }),
  }),
});

/** The documented `/api/chat` request; unknown fields are refused. */
export const chatRequestSchema = z.strictObject({
  model: z.string(),
  messages: z.array(messageSchema),
  stream: z.boolean().optional(),
  format: z.union([z.literal('json'), z.literal(''), z.record(z.string(), z.unknown())]).optional(),
  keep_alive: z.union([z.string(), z.number()]).optional(),
  tools: z.array(toolSchema).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  think: z.union([z.boolean(), z.enum(['low', 'medium', 'high', 'max'])]).optional(),
});

/** A request the fake accepted. */
export type FakeChatRequest = z.output<typeof chatRequestSchema>;

/** The first problem llama.cpp's grammar or Ollama's tool struct would have with a schema, if any. */
function schemaProblem(node: unknown, where: string, tool: boolean): string | undefined {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const problem = schemaProblem(item, `${where}/${i}`, tool);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Record<string, unknown>;
  const pattern = record['pattern'];
  if (typeof pattern === 'string' && !(pattern.startsWith('^') && pattern.endsWith('$')))
    return `${where}: Pattern must start with '^' and end with '$'`;
  if (tool && '$ref' in record) return `${where}: $ref is not part of Ollama's tool schema (the property would reach the model empty)`;
  if (tool && ('oneOf' in record || 'const' in record)) return `${where}: oneOf and const are not part of Ollama's tool schema`;
  if (Array.isArray(record['prefixItems']) && record['items'] === false) return `${where}: items: false is not a schema llama.cpp reads`;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
    const problem = schemaProblem(value, `${where}/${key}`, tool);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Checks a request body as Ollama's server would; returns the `{error}` text of a 400, or the request. */
export function checkChatRequest(body: string): { readonly error: string } | { readonly request: FakeChatRequest } {
  if (body.trim() === '') return { error: 'missing request body' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { error: `invalid character in request body: ${(error as Error).message}` };
  }
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) return { error: `invalid request: ${z.prettifyError(parsed.error)}` };
  const request = parsed.data;
  if (request.model === '') return { error: 'model is required' };
  const format = request.format;
  if (typeof format === 'object') {
    const problem = schemaProblem(format, '#', false);
    if (problem !== undefined) return { error: `invalid JSON schema in format: ${problem}` };
  }
  for (const tool of request.tools ?? []) {
    const problem = schemaProblem(tool.function.parameters, `tools/${tool.function.name}`, true);
    if (problem !== undefined) return { error: `invalid tool schema: ${problem}` };
  }
  return { request };
}

const createdAt = '2026-12-07T10:00:00.000000Z';

function wireCalls(calls: readonly FakeToolCall[], first: number) {
  return calls.map((call, i) => ({
    ...(call.id === undefined ? {} : { id: call.id }),
    function: { index: first + i, name: call.name, arguments: call.arguments },
  }));
}

function finalLine(model: string, reply: FakeReply, message: Record<string, unknown>) {
  return {
    model,
    created_at: createdAt,
    message,
    done: true,
    done_reason: reply.doneReason ?? 'stop',
    total_duration: 1_000_000,
    load_duration: 1_000,
    ...(reply.promptEvalCount === undefined ? {} : { prompt_eval_count: reply.promptEvalCount, prompt_eval_duration: 1_000 }),
    ...(reply.evalCount === undefined ? {} : { eval_count: reply.evalCount, eval_duration: 1_000 }),
  };
}

/** The NDJSON lines Ollama streams for `reply` (without their newlines). */
export function streamedLines(model: string, reply: FakeReply): unknown[] {
  const line = (message: Record<string, unknown>) => ({ model, created_at: createdAt, message, done: false });
  const lines: unknown[] = (reply.content ?? []).map((content) => line({ role: 'assistant', content }));
  let first = 0;
  for (const chunk of reply.toolCallChunks ?? []) {
    lines.push(line({ role: 'assistant', content: '', tool_calls: wireCalls(chunk, first) }));
    first += chunk.length;
  }
  if (reply.errorMidStream !== undefined) lines.push({ error: reply.errorMidStream });
  else lines.push(finalLine(model, reply, { role: 'assistant', content: '' }));
  return lines;
}

/** The one object Ollama answers for `reply` when not streaming. */
export function unstreamedBody(model: string, reply: FakeReply): unknown {
  const calls = (reply.toolCallChunks ?? []).flat();
  const message = {
    role: 'assistant',
    content: (reply.content ?? []).join(''),
    ...(calls.length === 0 ? {} : { tool_calls: wireCalls(calls, 0) }),
  };
  return finalLine(model, reply, message);
}

function answer(response: ServerResponse, request: FakeChatRequest, reply: FakeReply): void {
  if (reply.refuse !== undefined) sendJson(response, reply.refuse.status, { error: reply.refuse.error });
  else if (request.stream !== false)
    sendNdjson(response, streamedLines(request.model, reply), reply.chunkSize === undefined ? {} : { chunkSize: reply.chunkSize });
  else if (reply.errorMidStream !== undefined) sendJson(response, 500, { error: reply.errorMidStream });
  else sendJson(response, 200, unstreamedBody(request.model, reply));
}

/** A running wire fake. */
export interface OllamaWireFake extends TestHttpServer {
  /** Requests that passed the check, in order. */
  readonly accepted: readonly FakeChatRequest[];
  /** Requests refused with a 400, with the error sent. */
  readonly refused: readonly { readonly body: string; readonly error: string }[];
}

/** Starts the fake on 127.0.0.1; `script` picks the reply for each accepted request. */
export async function startOllamaWireFake(script: (request: FakeChatRequest) => FakeReply): Promise<OllamaWireFake> {
  const accepted: FakeChatRequest[] = [];
  const refused: { body: string; error: string }[] = [];
  const server = await startTestHttpServer((raw, response) => {
    if (raw.method !== 'POST' || raw.url !== '/api/chat') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404 page not found');
      return;
    }
    const checked = checkChatRequest(raw.body);
    if ('error' in checked) {
      refused.push({ body: raw.body, error: checked.error });
      sendJson(response, 400, { error: checked.error });
    } else {
      accepted.push(checked.request);
      answer(response, checked.request, script(checked.request));
    }
  });
  return Object.assign(server, { accepted, refused });
}
