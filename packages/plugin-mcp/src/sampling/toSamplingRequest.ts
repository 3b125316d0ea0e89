import type { ChatMessage, GenerateOptions, ModelToolChoice, ModelToolDefinition } from '@cortex-os/kernel/router';
import type {
  CreateMessageRequestParams,
  SamplingMessage,
  SamplingMessageContentBlock,
  Tool,
  ToolChoice,
} from '@modelcontextprotocol/server';
import { McpError } from '../errors/McpError.js';

/**
 * Turns a chat and its options into `sampling/createMessage` parameters (2025-11-25 with tools).
 *
 * @remarks
 * System messages become the `systemPrompt`; an assistant turn's tool calls become `tool_use`
 * blocks and the tool messages answering them one user turn of `tool_result` blocks, as the
 * protocol requires. MCP has no named tool choice: `{ name }` offers only that tool, required.
 * @throws `MCP_SAMPLING_REQUEST_INVALID` for what sampling cannot carry (a `responseFormat`, or
 * tool-call arguments that are not a JSON object).
 */
export function toSamplingRequest(
  provider: string,
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  defaultMaxTokens: number,
): CreateMessageRequestParams {
  if (options.responseFormat !== undefined) {
    throw McpError.create('MCP_SAMPLING_REQUEST_INVALID', {
      provider,
      reason:
        'MCP sampling cannot constrain a reply to a JSON Schema (responseFormat); ask in the prompt and check with parseStructuredOutput',
    });
  }
  const system = messages.flatMap((m) => (m.role === 'system' ? [m.content] : []));
  const { tools, toolChoice } = offeredTools(options.tools, options.toolChoice);
  return {
    messages: toSamplingMessages(provider, messages),
    maxTokens: options.maxTokens ?? defaultMaxTokens,
    ...(system.length === 0 ? {} : { systemPrompt: system.join('\n\n') }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.model === undefined ? {} : { modelPreferences: { hints: [{ name: options.model }] } }),
    ...(tools === undefined ? {} : { tools }),
    ...(toolChoice === undefined ? {} : { toolChoice }),
  };
}

function offeredTools(
  offered: readonly ModelToolDefinition[] | undefined,
  choice: ModelToolChoice | undefined,
): { tools?: Tool[]; toolChoice?: ToolChoice } {
  if (offered === undefined || offered.length === 0) return {};
  const named = typeof choice === 'object' ? choice.name : undefined;
  const tools = offered
    .filter((tool) => named === undefined || tool.name === named)
    .map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema as Tool['inputSchema'] }));
  if (choice === undefined) return { tools };
  return { tools, toolChoice: { mode: typeof choice === 'object' ? 'required' : choice } };
}

function toSamplingMessages(provider: string, messages: readonly ChatMessage[]): SamplingMessage[] {
  const out: SamplingMessage[] = [];
  messages.forEach((message, index) => {
    if (message.role === 'tool') {
      const result: SamplingMessageContentBlock = {
        type: 'tool_result',
        toolUseId: message.toolCallId,
        content: [{ type: 'text', text: message.content }],
      };
      // Consecutive tool results answer one assistant turn: the protocol wants them in one user turn.
      const previous = out.at(-1);
      if (previous !== undefined && previous.role === 'user' && Array.isArray(previous.content) && isToolResults(previous.content)) {
        previous.content.push(result);
      } else {
        out.push({ role: 'user', content: [result] });
      }
      return;
    }
    if (message.role !== 'assistant') {
      if (message.role === 'user') out.push({ role: 'user', content: { type: 'text', text: message.content } });
      return;
    }
    const blocks: SamplingMessageContentBlock[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
    for (const call of message.toolCalls ?? []) {
      blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(provider, index, call.id, call.arguments) });
    }
    out.push({ role: 'assistant', content: blocks.length === 1 ? (blocks[0] as SamplingMessageContentBlock) : blocks });
  });
  return out;
}

function isToolResults(blocks: readonly SamplingMessageContentBlock[]): boolean {
  return blocks.every((block) => block.type === 'tool_result');
}

function toolInput(provider: string, index: number, id: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  throw McpError.create('MCP_SAMPLING_REQUEST_INVALID', {
    provider,
    reason: `messages[${index}]: the arguments of tool call "${id}" are not a JSON object, and MCP sampling carries tool inputs as objects`,
  });
}
