import type { GenerateOptions, ModelToolChoice, ModelToolDefinition } from '@cortex-os/kernel/router';
import type { OpenAiChatRequest } from '@cortex-os/provider-kit';

/**
 * The tools offered for a choice, as worker mode offers them: none for `none`, only the named
 * one for a name, all of them otherwise; `$schema` dropped, since the chat template prints the
 * schema into the prompt. mlx_lm.server reads no `tool_choice`, so this is how it is steered.
 */
function offeredTools(tools: readonly ModelToolDefinition[], choice: ModelToolChoice | undefined): ModelToolDefinition[] {
  if (choice === 'none') return [];
  const chosen = typeof choice === 'object' ? tools.filter((tool) => tool.name === choice.name) : tools;
  return chosen.map((tool) => {
    const { $schema: _dialect, ...inputSchema } = tool.inputSchema;
    return { ...tool, inputSchema };
  });
}

/**
 * The client request for a `mlx_lm.server` chat: the model, limits, the tools offered and the
 * choice (sent for servers that read it; today's mlx_lm.server ignores it). Never a
 * `responseFormat` or strict schemas: mlx_lm.server has no constrained decoding, so the caller
 * asks for the format in the messages instead (`withFormatInstruction`).
 */
export function toServerChatRequest(model: string, options: GenerateOptions): OpenAiChatRequest {
  const { maxTokens, temperature, onToken, toolChoice } = options;
  const tools = offeredTools(options.tools ?? [], toolChoice);
  return {
    model,
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(onToken === undefined ? {} : { onToken }),
    ...(tools.length === 0 ? {} : { tools, ...(toolChoice === undefined ? {} : { toolChoice }) }),
  };
}
