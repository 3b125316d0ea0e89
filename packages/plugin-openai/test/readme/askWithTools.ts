import { defineTool } from '@cortex-os/kernel';
import { type ChatMessage, type ModelProvider, parseModelToolCall, toModelTools } from '@cortex-os/kernel/router';
import { z } from 'zod';

const lookUp = async ({ city }: { city: string }) => ({ city, sky: 'clear', celsius: -3 });
export const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city now.',
  input: z.object({ city: z.string() }),
  handler: lookUp,
});

/** Answers a question with the tools the model asks for: generate, run each call, send the results back. */
export async function askWithTools(provider: ModelProvider, question: string): Promise<string> {
  const messages: ChatMessage[] = [{ role: 'user', content: question }];
  for (let turn = 0; turn < 5; turn += 1) {
    const reply = await provider.generate!(messages, { tools: toModelTools([weather]), toolChoice: 'auto' });
    if (reply.finishReason !== 'tool_calls') return reply.text;
    messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls ?? [] });
    for (const call of reply.toolCalls ?? []) {
      let content: string;
      try {
        const { input } = parseModelToolCall(call, [weather]); // PROVIDER_TOOL_CALL_INVALID names the tool and fields
        content = JSON.stringify(await lookUp(input));
      } catch (error) {
        content = JSON.stringify({ error: (error as Error).message }); // the model reads it and can correct its call
      }
      messages.push({ role: 'tool', toolCallId: call.id, content });
    }
  }
  throw new Error('the model kept calling tools');
}
