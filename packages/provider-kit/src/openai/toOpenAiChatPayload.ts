import type { ChatMessage, ModelResponseFormat, ModelToolChoice, ModelToolDefinition } from '@cortex-os/kernel/router';
import { toOpenAiStrictSchema } from './OpenAiStrictSchema.js';

type Schema = Readonly<Record<string, unknown>>;

/**
 * What a chat request asks of the endpoint besides its messages; the fields of
 * `OpenAiChatRequest` that shape the request body.
 */
export interface OpenAiChatPayloadOptions {
  readonly model: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly tools?: readonly ModelToolDefinition[];
  readonly toolChoice?: ModelToolChoice;
  readonly responseFormat?: ModelResponseFormat;
  readonly strictSchemas?: boolean;
}

type WireMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: WireToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One kernel message in the wire's words: tool calls keep their JSON text, a tool result names its call. */
function toWireMessage(message: ChatMessage): WireMessage {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if (message.role !== 'assistant') return { role: message.role, content: message.content };
  const calls = message.toolCalls ?? [];
  if (calls.length === 0) return { role: 'assistant', content: message.content };
  return {
    role: 'assistant',
    // OpenAI documents `content` as null for a reply that only calls tools; an empty string is refused by some servers.
    content: message.content === '' ? null : message.content,
    tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
  };
}

/**
 * The body of a chat request, and the original schemas of the strict tools and format whose
 * optional properties were made nullable (their replies need `restoreStrictNulls`).
 */
export interface OpenAiChatPayload {
  /** The JSON body of `POST /chat/completions` (without `stream`). */
  readonly body: Record<string, unknown>;
  /** Tool name → original input schema, for strict tools that were widened. */
  readonly widenedTools: ReadonlyMap<string, Schema>;
  /** The response format's original schema, when it was sent strict and widened. */
  readonly widenedFormat: Schema | undefined;
}

/** A schema as sent: adapted for strict mode when asked and possible, else exactly as given. */
function schemaFor(schema: Schema, strict: boolean): { schema: Schema; strict: boolean; widened: boolean } {
  const adapted = strict ? toOpenAiStrictSchema(schema) : undefined;
  return adapted === undefined
    ? { schema, strict: false, widened: false }
    : { schema: adapted.schema, strict: true, widened: adapted.widened };
}

function toWireToolChoice(choice: ModelToolChoice): string | Record<string, unknown> {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/**
 * The body of `POST /chat/completions` for kernel messages and options: tools as
 * `{ type: 'function', function }`, the tool choice, `response_format: json_schema`, and, when
 * `strictSchemas` is set, schemas adapted to OpenAI's strict mode (sent with `strict: true`).
 */
export function toOpenAiChatPayload(messages: readonly ChatMessage[], options: OpenAiChatPayloadOptions): OpenAiChatPayload {
  const strict = options.strictSchemas === true;
  const body: Record<string, unknown> = { model: options.model, messages: messages.map(toWireMessage) };
  const widenedTools = new Map<string, Schema>();
  let widenedFormat: Schema | undefined;
  if (options.maxTokens !== undefined) body['max_tokens'] = options.maxTokens;
  if (options.temperature !== undefined) body['temperature'] = options.temperature;
  // OpenAI refuses an empty `tools` array and a `tool_choice` without tools: send neither then.
  if (options.tools !== undefined && options.tools.length > 0) {
    body['tools'] = options.tools.map((tool) => {
      const sent = schemaFor(tool.inputSchema, strict);
      if (sent.widened) widenedTools.set(tool.name, tool.inputSchema);
      const fn = { name: tool.name, description: tool.description, parameters: sent.schema, ...(sent.strict ? { strict: true } : {}) };
      return { type: 'function', function: fn };
    });
    if (options.toolChoice !== undefined) body['tool_choice'] = toWireToolChoice(options.toolChoice);
  }
  const format = options.responseFormat;
  if (format !== undefined) {
    const sent = schemaFor(format.schema, strict);
    if (sent.widened) widenedFormat = format.schema;
    body['response_format'] = {
      type: 'json_schema',
      json_schema: {
        name: format.name,
        ...(format.description === undefined ? {} : { description: format.description }),
        schema: sent.schema,
        ...(sent.strict ? { strict: true } : {}),
      },
    };
  }
  return { body, widenedTools, widenedFormat };
}
