import type { ChatMessage, GenerateOptions } from '@cortex-os/kernel/router';
import { toOllamaSchema, toOllamaToolParameters } from '../schema/toOllamaSchema.js';
import type { OllamaToolChoicePlan } from './emulateToolChoice.js';
import type { OllamaChatRequestBody, OllamaWireTool } from './OllamaChatWire.js';
import { toOllamaMessages } from './toOllamaMessages.js';

/** What a chat request needs besides the call's messages and options. */
export interface OllamaChatRequestSettings {
  /** The model to ask (the call's, or the provider's default). */
  readonly model: string;
  /** Stream NDJSON lines, or answer with one object. */
  readonly stream: boolean;
  /** The provider's `keep_alive`. */
  readonly keepAlive?: string | undefined;
  /** The tool choice, emulated. */
  readonly toolChoice: OllamaToolChoicePlan;
}

/**
 * Builds the body of `POST /api/chat`: messages, the tools the tool choice lets through (their
 * schemas cleaned for Ollama), `format` from `responseFormat` (cleaned likewise), and the model
 * options (`maxTokens` → `num_predict`, `temperature`).
 */
export function toOllamaChatRequest(
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  settings: OllamaChatRequestSettings,
): OllamaChatRequestBody {
  const modelOptions: Record<string, number> = {};
  if (options.maxTokens !== undefined) modelOptions['num_predict'] = options.maxTokens;
  if (options.temperature !== undefined) modelOptions['temperature'] = options.temperature;
  const tools = settings.toolChoice.tools.map(
    (tool): OllamaWireTool => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: toOllamaToolParameters(tool.inputSchema) },
    }),
  );
  return {
    model: settings.model,
    messages: toOllamaMessages(messages),
    stream: settings.stream,
    ...(tools.length === 0 ? {} : { tools }),
    ...(options.responseFormat === undefined ? {} : { format: toOllamaSchema(options.responseFormat.schema) }),
    ...(Object.keys(modelOptions).length === 0 ? {} : { options: modelOptions }),
    ...(settings.keepAlive === undefined ? {} : { keep_alive: settings.keepAlive }),
  };
}
