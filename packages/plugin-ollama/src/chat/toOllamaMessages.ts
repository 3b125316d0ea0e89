import type { ChatAssistantMessage, ChatMessage, ModelToolCall } from '@cortex-os/kernel/router';
import type { OllamaWireMessage, OllamaWireToolCall } from './OllamaChatWire.js';

/**
 * A call's arguments as the object Ollama takes back. Ollama cannot carry text that is not a JSON
 * object (its server fails to read the request), so a model's broken arguments go back as `{}`;
 * the `tool` message answering the call says what was wrong with them.
 */
function argumentsObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = text.trim() === '' ? {} : JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toWireCall(call: ModelToolCall, index: number): OllamaWireToolCall {
  return { id: call.id, function: { index, name: call.name, arguments: argumentsObject(call.arguments) } };
}

function assistantMessage(message: ChatAssistantMessage): OllamaWireMessage {
  const calls = message.toolCalls ?? [];
  return calls.length === 0
    ? { role: 'assistant', content: message.content }
    : { role: 'assistant', content: message.content, tool_calls: calls.map(toWireCall) };
}

/**
 * Maps the contract's chat messages to Ollama's: assistant tool calls carry their arguments as
 * objects, and a `tool` message names its tool (`tool_name`, what the chat templates render) as
 * well as its call (`tool_call_id`, read by newer servers).
 *
 * @remarks
 * The tool's name is looked up by the call id in the assistant messages before the tool message,
 * the latest first, so ids repeated across turns (ids this provider invented for a server that
 * sent none) still find their own call. A tool message whose id matches no call is sent without a
 * name: Ollama treats `tool_name` as optional.
 */
export function toOllamaMessages(messages: readonly ChatMessage[]): OllamaWireMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message): OllamaWireMessage => {
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) toolNames.set(call.id, call.name);
      return assistantMessage(message);
    }
    if (message.role !== 'tool') return { role: message.role, content: message.content };
    const toolName = toolNames.get(message.toolCallId);
    return toolName === undefined
      ? { role: 'tool', content: message.content, tool_call_id: message.toolCallId }
      : { role: 'tool', content: message.content, tool_name: toolName, tool_call_id: message.toolCallId };
  });
}
