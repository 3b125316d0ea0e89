import type { Kernel } from '@cortex-os/kernel';
import { policyRouterToken } from '@cortex-os/kernel/router';
import {
  adaptExample,
  captureLearningExample,
  createPlanner,
  createRuleCritic,
  createToolStepRunner,
  executePlan,
  recallFromMemoryTool,
  refineAnswer,
} from '@cortex-os/plugin-cerebrum';

type Print = (line: string) => void;

const allowed = ['notes.search', 'notes.add'];

/**
 * Cerebrum on the same runtime: a plan written by the model (validated against the notes tools'
 * contracts), run through the tool registry; its summary refined until a rule critic passes; the
 * run captured as a learning example; then a similar goal recalls that example and adapts its plan.
 */
export async function runPlanDemo(kernel: Kernel, print: Print): Promise<void> {
  const tools = kernel.tools;
  // The scripted model cannot constrain its output: the planner asks for JSON and validates it anyway.
  const planner = createPlanner({
    model: kernel.get(policyRouterToken),
    tools,
    allowedTools: allowed,
    recall: recallFromMemoryTool(tools),
    structuredOutput: false,
  });
  const goal = 'Write down when the standup is';
  const { plan } = await planner.plan(goal);
  print(`plan: ${goal} → ${plan.steps.map((step) => `${step.id} (${step.tool})`).join(', ')}`);
  const run = await executePlan(plan, { tools: allowed, runStep: createToolStepRunner(tools) });
  print(`  ran ${run.ran.join(', ')}; found: ${JSON.stringify(run.outputs.get('find'))}`);

  const found = (run.outputs.get('find') as { notes?: string[] } | undefined)?.notes ?? [];
  const critic = createRuleCritic([
    { name: 'has-time', check: ({ answer }) => (/\d{1,2}:\d{2}/.test(answer) ? undefined : 'say the time') },
  ]);
  const refined = await refineAnswer({
    goal,
    draft: 'The standup moved.',
    critic,
    revise: async ({ answer }) => `${answer} ${found.join(' ')}`.trim(),
  });
  print(`  critique: ${refined.rounds} round(s), ${refined.stoppedBecause}: "${refined.answer}"`);

  const id = await captureLearningExample(tools, {
    goal,
    summary: 'Searched the notes for the term, then wrote the time down as a note.',
    source: { runId: 'plan-demo-1' },
    plan,
    critique: refined.critique,
    // Examples inform only their owner's plans: the demo plans as the host.
    principal: 'host',
  });
  print(`  learned example stored as [${id}]`);

  const next = 'Write down when the deploy key rotates';
  const adapted = await adaptExample(planner, plan, next, { principal: 'host' });
  print(`plan: ${next} → informed by [${adapted.planning.examples.join(', ')}]`);
  for (const step of adapted.adaptations) {
    print(`  ${step.adapted?.id ?? step.original?.id}: confidence ${step.confidence} (changed: ${step.changed.join(', ') || 'nothing'})`);
  }
}
