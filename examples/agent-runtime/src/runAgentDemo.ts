import { httpServiceToken } from '@cortex-os/http-api';
import type { Kernel } from '@cortex-os/kernel';
import { type AgentRunResult, agentsServiceToken } from '@cortex-os/plugin-agents';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describeModels } from './describeModels.js';
import { runPlanDemo } from './runPlanDemo.js';
import { SCRIPTED_MODEL } from './scriptedDemoModel.js';
import { runTaskDemo } from './runTaskDemo.js';

type Print = (line: string) => void;

const label = (provider: string): string => (provider === SCRIPTED_MODEL ? '[scripted]' : `[${provider}]`);

/** Prints a run step by step: what the model called and what it was told, then the answer. */
function printRun(result: AgentRunResult, print: Print): void {
  for (const step of result.steps) {
    const tag = label(step.reply.provider);
    for (const call of step.toolCalls)
      print(`  step ${step.index + 1} ${tag} ${call.tool} ${call.arguments} → ${call.outcome}: ${call.content}`);
    if (step.toolCalls.length === 0) print(`  step ${step.index + 1} ${tag} answered: ${step.reply.text}`);
  }
  const { usage } = result;
  print(`  ${result.status} (${result.reason}) after ${usage.steps} steps, ${usage.toolCalls} tool calls, ${usage.totalTokens} tokens`);
  printMemory(result, print);
}

/** What the run recalled (the memories it cites) and what it wrote back. */
function printMemory(result: AgentRunResult, print: Print): void {
  for (const entry of result.trace) {
    if (entry.type === 'memory.recalled') {
      const cited = entry.memories.map(({ id, score }) => `[${id}] ${score.toFixed(2)}`).join(', ');
      print(
        `  memory: recalled ${entry.memories.length} (${entry.mode ?? entry.error ?? '?'} search${entry.degraded === undefined ? '' : `: ${entry.degraded}`})${cited === '' ? '' : `: ${cited}`}`,
      );
    }
    if (entry.type === 'memory.written') print(`  memory: stored the ${entry.source} as [${entry.id ?? entry.error}]`);
  }
}

/** The agent in-process, through the agents service. */
async function runInProcess(kernel: Kernel, question: string, print: Print): Promise<void> {
  print(`in-process: agents.run('assistant', { input: ${JSON.stringify(question)} })`);
  printRun(await kernel.get(agentsServiceToken).run('assistant', { input: question, signal: AbortSignal.timeout(60_000) }), print);
}

/** The same agent over REST, as the tool `agent.assistant`. */
async function callOverRest(baseUrl: string, question: string, print: Print): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/tools/agent.assistant`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: question }),
  });
  const body = (await response.json()) as { structured?: { status: string; output?: unknown; steps: number } };
  print(
    `REST: POST /api/v1/tools/agent.assistant → ${response.status}: ${body.structured?.status} in ${body.structured?.steps} steps: ${JSON.stringify(body.structured?.output)}`,
  );
}

/** The same agent over MCP (Streamable HTTP), with a progress notification per step. */
async function callOverMcp(baseUrl: string, question: string, print: Print): Promise<void> {
  const client = new Client({ name: 'agent-demo', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`)));
  try {
    const progress: string[] = [];
    const result = await client.callTool(
      { name: 'agent.assistant', arguments: { input: question } },
      { onprogress: (p) => progress.push(`${p.progress}/${p.total ?? '?'}`) },
    );
    const structured = result.structuredContent as { status?: string; output?: unknown } | undefined;
    print(
      `MCP: tools/call agent.assistant → progress ${progress.join(', ')}; ${structured?.status}: ${JSON.stringify(structured?.output)}`,
    );
  } finally {
    await client.close();
  }
}

/** Starts the runtime, says which model serves, runs the agent in-process, over REST and over MCP, then a durable task with an approval, and stops. */
export async function runAgentDemo(kernel: Kernel, print: Print, question = 'When is the standup?'): Promise<void> {
  await kernel.start();
  try {
    const { url } = await kernel.get(httpServiceToken).listen();
    print(`HTTP on ${url}: tools over REST under /api/v1/tools, tasks under /api/v1/tasks, MCP at /mcp`);
    await describeModels(kernel, print);
    await runInProcess(kernel, question, print);
    // Asked again, the agent recalls the answer it stored and cites it.
    await runInProcess(kernel, `Once more: ${question}`, print);
    await callOverRest(url, question, print);
    await callOverMcp(url, question, print);
    await runTaskDemo(url, 'Retro moves to Friday.', print);
    await runPlanDemo(kernel, print);
  } finally {
    await kernel.stop();
  }
}
