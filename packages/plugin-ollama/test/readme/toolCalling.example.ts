import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { type ChatMessage, parseModelToolCall, toModelTools } from '@cortex-os/kernel/router';
import { createOllamaProvider } from '@cortex-os/plugin-ollama';

const temperatures: Record<string, string> = { 'New York': '22°C', London: '15°C' };
const temperatureIn = (city: string) => ({ temperature: temperatures[city] ?? 'unknown' });
const getTemperature = defineTool({
  name: 'get_temperature',
  description: 'Get the current temperature for a city',
  input: z.object({ city: z.string().describe('The name of the city') }),
  handler: ({ city }) => temperatureIn(city),
});

const provider = createOllamaProvider({
  baseUrl: process.env['OLLAMA_URL'] ?? 'http://127.0.0.1:11434',
  generationModels: ['qwen3'],
});
const tools = toModelTools([getTemperature]);
const messages: ChatMessage[] = [{ role: 'user', content: 'What is the temperature in New York?' }];

const reply = await provider.generate!(messages, { tools, toolChoice: 'auto' });
messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls ?? [] });
for (const call of reply.toolCalls ?? []) {
  // Checks the model's arguments against the tool's zod schema (throws PROVIDER_TOOL_CALL_INVALID);
  // in a runtime, the tool registry runs the handler: `tools.call(call.name, input)`.
  const { input } = parseModelToolCall(call, [getTemperature]);
  messages.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(temperatureIn(input.city)) });
}
const answer = await provider.generate!(messages, { tools });
console.log(answer.text);
