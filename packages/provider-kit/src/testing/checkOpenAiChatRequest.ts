import { z } from 'zod';
import { checkOpenAiStrictSchema } from './checkOpenAiStrictSchema.js';

/**
 * A request the fake refused, as OpenAI words it: status 400 and
 * `{ error: { message, type: 'invalid_request_error', param, code } }`.
 * @public
 */
export interface FakeOpenAiRejection {
  /** The HTTP status answered. */
  readonly status: number;
  /** What was wrong, in OpenAI's words. */
  readonly message: string;
  /** The offending parameter's path (`messages[2].tool_call_id`), or `null`. */
  readonly param: string | null;
  /** OpenAI's error code, when it has one for the mistake. */
  readonly code: string | null;
}

const namePattern = /^[a-zA-Z0-9_-]{1,64}$/;
const text = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]);
const toolCall = z.strictObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});
const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer', 'user']), content: text, name: z.string().optional() }),
  z.looseObject({
    role: z.literal('assistant'),
    content: text.nullable().optional(),
    tool_calls: z.array(toolCall).min(1).optional(),
    refusal: z.string().nullable().optional(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: text }),
]);
const jsonSchema = z.record(z.string(), z.unknown());
const tool = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().regex(namePattern),
    description: z.string().optional(),
    parameters: jsonSchema.optional(),
    strict: z.boolean().nullable().optional(),
  }),
});
const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string() }) }),
]);
const responseFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: z.string().regex(namePattern),
      description: z.string().optional(),
      schema: jsonSchema.optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

/** The documented request body; parameters the fake does not model are accepted as they are. */
const requestBody = z.strictObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  tools: z.array(tool).min(1).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z
    .strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() })
    .nullable()
    .optional(),
  max_tokens: z.int().positive().nullable().optional(),
  max_completion_tokens: z.int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.literal(1).nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  seed: z.int().nullable().optional(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  store: z.boolean().nullable().optional(),
  frequency_penalty: z.number().nullable().optional(),
  presence_penalty: z.number().nullable().optional(),
});

/** The request body once its shape is known good. */
export type CheckedOpenAiChatBody = z.output<typeof requestBody>;

function reject(message: string, param: string | null, code: string | null = null): FakeOpenAiRejection {
  return { status: 400, message, param, code };
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? String(part) : `${out}.${String(part)}`),
    '',
  );
}

function unanswered(open: { index: number; ids: Set<string> } | undefined): FakeOpenAiRejection | undefined {
  if (open === undefined || open.ids.size === 0) return undefined;
  return reject(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open.ids].join(', ')}`,
    `messages.[${open.index}].role`,
  );
}

/** Tool messages answer the calls of the assistant message before them, and every call is answered. */
function checkConversation(messages: CheckedOpenAiChatBody['messages']): FakeOpenAiRejection | undefined {
  let open: { index: number; ids: Set<string> } | undefined;
  for (const [index, entry] of messages.entries()) {
    if (entry.role === 'tool') {
      if (open === undefined || !open.ids.has(entry.tool_call_id)) {
        return reject(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      open.ids.delete(entry.tool_call_id);
      continue;
    }
    const pending = unanswered(open);
    if (pending !== undefined) return pending;
    open =
      entry.role === 'assistant' && entry.tool_calls !== undefined
        ? { index, ids: new Set(entry.tool_calls.map((call) => call.id)) }
        : undefined;
    if (entry.role === 'assistant' && entry.tool_calls === undefined && (entry.content === null || entry.content === undefined)) {
      return reject(`Invalid value for 'content': expected a string, got null.`, `messages.[${index}].content`);
    }
  }
  return unanswered(open);
}

/** Tool choice needs tools (and a named one must be offered); strict schemas must fit strict mode. */
function checkTools(body: CheckedOpenAiChatBody): FakeOpenAiRejection | undefined {
  const names = (body.tools ?? []).map((entry) => entry.function.name);
  if (body.tool_choice !== undefined && names.length === 0) {
    return reject("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
  }
  if (typeof body.tool_choice === 'object' && !names.includes(body.tool_choice.function.name)) {
    return reject(`Invalid value for 'tool_choice': function '${body.tool_choice.function.name}' is not among 'tools'.`, 'tool_choice');
  }
  for (const [index, entry] of (body.tools ?? []).entries()) {
    const problem = entry.function.strict === true ? checkOpenAiStrictSchema(entry.function.parameters ?? {}) : undefined;
    if (problem !== undefined) {
      return reject(
        `Invalid schema for function '${entry.function.name}': ${problem}`,
        `tools[${index}].function.parameters`,
        'invalid_function_parameters',
      );
    }
  }
  const format = body.response_format;
  if (format?.type === 'json_schema' && format.json_schema.strict === true) {
    const problem = checkOpenAiStrictSchema(format.json_schema.schema ?? {});
    if (problem !== undefined) {
      return reject(
        `Invalid schema for response_format '${format.json_schema.name}': ${problem}`,
        'response_format',
        'invalid_json_schema',
      );
    }
  }
  return undefined;
}

/**
 * Checks a `POST /chat/completions` body against the documented request shape, the way the fake
 * OpenAI server does, and answers the first problem in OpenAI's words.
 * @internal
 */
export function checkOpenAiChatRequest(
  body: unknown,
): { readonly body: CheckedOpenAiChatBody } | { readonly rejection: FakeOpenAiRejection } {
  const parsed = requestBody.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue === undefined ? null : pathOf(issue.path);
    if (issue?.code === 'unrecognized_keys') {
      const where = param === '' ? '' : ` in '${param}'`;
      return { rejection: reject(`Unrecognized request argument supplied${where}: ${issue.keys.join(', ')}`, param === '' ? null : param) };
    }
    if (issue?.code === 'invalid_type' && issue.input === undefined) {
      return { rejection: reject(`Missing required parameter: '${param ?? ''}'.`, param, 'missing_required_parameter') };
    }
    return { rejection: reject(`Invalid value for '${param ?? ''}': ${issue?.message ?? 'invalid request'}.`, param) };
  }
  if (parsed.data.stream_options != null && parsed.data.stream !== true) {
    return { rejection: reject("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options') };
  }
  const problem = checkConversation(parsed.data.messages) ?? checkTools(parsed.data);
  return problem === undefined ? { body: parsed.data } : { rejection: problem };
}
