import { defineAgent } from '@cortex-os/plugin-agents';

export const concierge = defineAgent({
  name: 'concierge',
  description: 'Helps each guest and remembers their preferences.',
  instructions: 'Answer briefly; store lasting preferences with memory.remember.',
  memory: { scope: ['agent', 'user'], topK: 5, minScore: 0.1, maxTokens: 800, writeBack: ['remember', 'answer'] },
});
// kernel.get(agentsServiceToken).run(concierge, { input: 'Tea or coffee?', userId: 'ann' })
