import { createOllamaProvider } from '@cortex-os/plugin-ollama';

const provider = createOllamaProvider({
  baseUrl: process.env['OLLAMA_URL'] ?? 'http://127.0.0.1:11434',
  generationModels: ['qwen3'],
});
for await (const part of provider.stream!([{ role: 'user', content: 'Why is the sky blue? One sentence.' }], { maxTokens: 200 })) {
  if (part.type === 'text-delta') process.stdout.write(part.text);
  else if (part.type === 'tool-call-delta') process.stdout.write(`\n→ ${part.name}(${part.argumentsDelta})`);
  else process.stdout.write(`\n[${part.finishReason}, ${part.usage?.outputTokens ?? '?'} tokens]\n`);
}
