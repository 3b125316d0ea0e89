import type { FakeOpenAiReply } from './startFakeOpenAiChatServer.js';

/** What the reply is rendered for: the model to name and whether the last chunk carries usage. */
export interface FakeOpenAiRenderContext {
  readonly id: string;
  readonly model: string;
  readonly includeUsage: boolean;
}

// A fixed creation time keeps answers byte-identical from run to run.
const CREATED = 1_767_225_600;

function finishOf(reply: FakeOpenAiReply): string {
  return reply.finishReason ?? ((reply.toolCalls?.length ?? 0) > 0 ? 'tool_calls' : 'stop');
}

function usageOf(reply: FakeOpenAiReply): Record<string, number> {
  const { inputTokens = 0, outputTokens = 0 } = reply.usage ?? {};
  return { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens };
}

/** A `chat.completion` object, as OpenAI answers a request without `stream`. */
export function renderFakeOpenAiCompletion(reply: FakeOpenAiReply, context: FakeOpenAiRenderContext): Record<string, unknown> {
  const calls = reply.toolCalls ?? [];
  return {
    id: context.id,
    object: 'chat.completion',
    created: CREATED,
    model: context.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text ?? (calls.length > 0 ? null : ''),
          refusal: null,
          ...(calls.length === 0
            ? {}
            : {
                tool_calls: calls.map(({ id, name, arguments: args }) => ({ id, type: 'function', function: { name, arguments: args } })),
              }),
        },
        logprobs: null,
        finish_reason: finishOf(reply),
      },
    ],
    usage: usageOf(reply),
  };
}

function pieces(text: string, size: number): string[] {
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

/** The tool-call deltas: each call's head (id, name, no arguments), then its argument pieces, in turn when interleaved. */
function toolCallDeltas(reply: FakeOpenAiReply, size: number): Record<string, unknown>[] {
  const calls = reply.toolCalls ?? [];
  const heads = calls.map(({ id, name }, index) => ({ index, id, type: 'function', function: { name, arguments: '' } }));
  const argumentPieces = calls.map((call, index) =>
    pieces(call.arguments, size).map((piece) => ({ index, function: { arguments: piece } })),
  );
  if (reply.interleaveToolCalls !== true) return heads.flatMap((head, index) => [head, ...(argumentPieces[index] ?? [])]);
  const longest = Math.max(0, ...argumentPieces.map((list) => list.length));
  const rounds = Array.from({ length: longest }, (_, round) => argumentPieces.flatMap((list) => list[round] ?? []));
  return [...heads, ...rounds.flat()];
}

/**
 * The `chat.completion.chunk` objects of a streamed reply, as OpenAI sends them: a first chunk with
 * the role, content pieces, tool-call pieces, a chunk with the finish reason, and (when
 * `stream_options.include_usage` asked for it) a last chunk with no choices and the usage. The
 * caller sends `[DONE]` after them.
 */
export function renderFakeOpenAiChunks(reply: FakeOpenAiReply, context: FakeOpenAiRenderContext): Record<string, unknown>[] {
  const size = reply.chunkSize ?? 8;
  const calls = reply.toolCalls ?? [];
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: context.id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: context.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(context.includeUsage ? { usage: null } : {}),
  });
  const chunks: Record<string, unknown>[] = [
    chunk({ role: 'assistant', content: calls.length > 0 && reply.text === undefined ? null : '', refusal: null }),
  ];
  for (const piece of pieces(reply.text ?? '', size)) chunks.push(chunk({ content: piece }));
  for (const delta of toolCallDeltas(reply, size)) chunks.push(chunk({ tool_calls: [delta] }));
  chunks.push(chunk({}, finishOf(reply)));
  if (!context.includeUsage) return chunks;
  return [
    ...chunks,
    { id: context.id, object: 'chat.completion.chunk', created: CREATED, model: context.model, choices: [], usage: usageOf(reply) },
  ];
}
