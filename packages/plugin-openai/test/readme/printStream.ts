import { type ModelProvider, toModelTools } from '@cortex-os/kernel/router';
import { weather } from './askWithTools.js';

/** Streams a reply: text as it arrives, tool-call pieces by index, then why the model stopped and what it used. */
export async function printStream(provider: ModelProvider, question: string, write: (text: string) => void): Promise<void> {
  const parts = provider.stream!([{ role: 'user', content: question }], { tools: toModelTools([weather]) });
  for await (const part of parts) {
    if (part.type === 'text-delta') write(part.text);
    else if (part.type === 'tool-call-delta')
      write(part.name === undefined ? part.argumentsDelta : `\n[${part.index}] ${part.name}(${part.argumentsDelta}`);
    else write(`\n(${part.finishReason}, ${part.usage?.inputTokens ?? '?'} tokens in, ${part.usage?.outputTokens ?? '?'} out)\n`);
  }
}
