import { createKernel, definePlugin, defineTool, kernelExtensionPoints, type Plugin } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { type AgentRunResult, agentExtensionPoints, agentsPlugin, agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { z } from 'zod';

const searchNotes = defineTool({
  name: 'notes.search',
  description: 'Finds team notes that mention a term.',
  input: z.object({ term: z.string() }),
  annotations: { readOnlyHint: true }, // read-only: never needs approval
  handler: ({ term }) => ({ notes: [`Standup moves to 10:00 from Monday (${term})`] }),
});

const answer = z.object({ answer: z.string(), sources: z.number().int() });

export const researcher = defineAgent({
  name: 'researcher',
  description: 'Answers questions from the team notes.',
  instructions: 'Search the notes, then answer in one sentence and count the notes you used.',
  tools: ['notes.*'],
  output: answer,
  budgets: { maxSteps: 4, maxTokens: 20_000, maxWallMs: 30_000 },
});

const research = definePlugin({
  name: 'research',
  version: '1.0.0',
  contributes: { tools: kernelExtensionPoints.tools, agents: agentExtensionPoints.agents },
  start: () => ({ tools: [searchNotes], agents: [researcher] }),
});

/** `models`: any model-provider plugin, e.g. `ollamaPlugin()` or `openAiPlugin({ … })`. */
export async function ask(question: string, models: Plugin): Promise<AgentRunResult<z.output<typeof answer>>> {
  await using kernel = createKernel({ plugins: [routerPlugin(), models, agentsPlugin(), research()] });
  await kernel.start();
  // `return await`: the kernel stops when the block ends, so the run must finish first.
  return await kernel.get(agentsServiceToken).run(researcher, { input: question, signal: AbortSignal.timeout(60_000) });
}
