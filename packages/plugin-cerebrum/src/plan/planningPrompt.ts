import type { ToolDescriptor } from '@cortex-os/kernel';
import type { ChatMessage } from '@cortex-os/kernel/router';
import type { PlanProblem } from './PlanProblem.js';
import type { Plan } from './planSchema.js';
import type { PlanConstraints } from './PlanToolContract.js';

const INSTRUCTIONS = [
  'You are a planner. Write a plan that reaches the goal using only the tools listed.',
  'Reply with JSON only: {"goal": string, "context": [string], "steps": [{"id": string, "tool": string, "purpose": string,',
  '"input": object, "inputsFrom": {argument: stepId}, "dependsOn": [stepId]}]}.',
  'Step ids are lowercase letters, digits, "-" and "_", starting with a letter. "input" holds literal arguments that fit the',
  'tool\'s input schema; "inputsFrom" takes an argument from the output of a step listed (directly or transitively) in',
  '"dependsOn". Steps without a dependency between them run at the same time.',
].join(' ');

function constraintLines(constraints: PlanConstraints | undefined): string[] {
  const lines: string[] = [];
  if (constraints?.localOnly === true) lines.push('- localOnly: use no tool that reaches outside this host.');
  if (constraints?.maxSteps !== undefined) lines.push(`- at most ${constraints.maxSteps} steps.`);
  if (constraints?.maxToolCalls !== undefined) lines.push(`- at most ${constraints.maxToolCalls} tool steps.`);
  if (constraints?.maxTokens !== undefined)
    lines.push(`- sub-goals may spend at most ${constraints.maxTokens} model tokens in all (each counts its agent's token budget).`);
  if (constraints?.maxWallMs !== undefined)
    lines.push(
      `- the longest chain of dependent steps must fit ${constraints.maxWallMs} ms (a tool call counts 30 s, a sub-goal its agent's time budget).`,
    );
  return lines;
}

/** The planner's first messages: instructions, tools with their input schemas, constraints, context, then the goal. */
export function planningPrompt(
  goal: string,
  context: readonly string[],
  tools: readonly ToolDescriptor[],
  constraints: PlanConstraints | undefined,
  example?: Plan,
  agents: readonly { readonly name: string; readonly description: string }[] = [],
  revise?: { readonly plan: Plan; readonly feedback: readonly string[] },
): ChatMessage[] {
  const sections = [
    INSTRUCTIONS,
    `Tools:\n${tools.map((tool) => `- ${tool.name}: ${tool.description}\n  input schema: ${JSON.stringify(tool.inputSchema)}`).join('\n')}`,
  ];
  if (agents.length > 0) {
    sections.push(
      'Sub-agents: a step may hand a sub-goal to one of these agents instead of calling a tool, as "tool": "agent:<name>" with' +
        ` "input": {"goal": string}; its "inputsFrom" outputs are given to the agent with the sub-goal.\n${agents
          .map((agent) => `- agent:${agent.name}: ${agent.description}`)
          .join('\n')}`,
    );
  }
  const limits = constraintLines(constraints);
  if (limits.length > 0) sections.push(`Constraints:\n${limits.join('\n')}`);
  if (example !== undefined) {
    sections.push(
      `A plan that worked for a similar goal ("${example.goal}"):\n${JSON.stringify(example.steps)}\n` +
        'Adapt it: keep its step ids and tools where they still fit, and change only the inputs the new goal needs.',
    );
  }
  if (revise !== undefined) {
    sections.push(
      `A critic judged your previous plan for this goal:\n${JSON.stringify(revise.plan.steps)}\n` +
        `Its feedback:\n${revise.feedback.map((line) => `- ${line}`).join('\n')}\nWrite a better plan that answers each point.`,
    );
  }
  if (context.length > 0) sections.push(`Context (from memory and the caller):\n${context.map((line) => `- ${line}`).join('\n')}`);
  return [
    { role: 'system', content: sections.join('\n\n') },
    { role: 'user', content: `Goal: ${goal}` },
  ];
}

/** What goes back to the model after an invalid plan: every problem, each naming its step. */
export function repairPrompt(problems: readonly PlanProblem[]): string {
  const lines = problems.map(
    (problem) => `- ${problem.step === undefined ? '' : `step "${problem.step}": `}${problem.code}: ${problem.message}`,
  );
  return `That plan cannot run:\n${lines.join('\n')}\nReply with a corrected plan, JSON only.`;
}
