import { deferred } from '@cortex-os/kernel/testing';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { taskAnswerOf, taskQuestion } from '../../src/mcp/taskQuestions.js';
import { startRuntime } from './mcpTaskRuntime.js';

const relatedTask = 'io.modelcontextprotocol/related-task';
const anyResult = z.looseObject({});
type Elicitation = { readonly message: string; readonly requestedSchema: unknown; readonly _meta?: Record<string, unknown> };

/** A plain SDK client of the 2025-11-25 protocol as alice; with `answer`, it declares form elicitation and answers with it. */
async function connect(
  runtime: Awaited<ReturnType<typeof startRuntime>>,
  answer?: (request: Elicitation) => { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' | 'cancel' },
) {
  const client = new Client(
    { name: 'alice-client', version: '1' },
    { versionNegotiation: { mode: 'legacy' }, ...(answer === undefined ? {} : { capabilities: { elicitation: { form: {} } } }) },
  );
  const asked: Elicitation[] = [];
  if (answer !== undefined)
    client.setRequestHandler('elicitation/create', async (request) => {
      const params = request.params as unknown as Elicitation;
      asked.push(params);
      return answer(params) as never;
    });
  const headers = { authorization: `Bearer ${runtime.tokens.alice}` };
  await client.connect(new StreamableHTTPClientTransport(runtime.url, { requestInit: { headers } }));
  onTestFinished(() => client.close());
  /** Creates the task of a task-augmented `tools/call`, then waits on `tasks/result`, as the spec has a requestor do on `input_required`. */
  const runAsTask = async (tool: string, input: string) => {
    const created = await client.request({ method: 'tools/call', params: { name: tool, arguments: { input }, task: {} } }, anyResult);
    const taskId = String((created.task as { taskId: string }).taskId);
    const result = client.request({ method: 'tasks/result', params: { taskId } }, anyResult);
    return { taskId, result };
  };
  return { client, asked, runAsTask };
}

describe('MCP tasks: input_required answered through MCP (2025-11-25)', () => {
  it('puts each approval to the client as an elicitation related to the task while it waits on tasks/result, and goes on with the answers', async () => {
    const runs: string[] = [];
    const runtime = await startRuntime((_, callId) => void runs.push(callId));
    const alice = await connect(runtime, (request) =>
      // Approve the first write, decline the second.
      request.message.includes('approval:1:w1') ? { action: 'accept', content: { approved: true } } : { action: 'decline' },
    );
    const { taskId, result } = await alice.runAsTask('agent.careful', 'Keep the books.');
    const answered = await result;
    expect(answered).toMatchObject({ isError: false, _meta: { [relatedTask]: { taskId } } });
    expect(alice.asked.map((request) => request._meta?.[relatedTask])).toEqual([{ taskId }, { taskId }]);
    expect(alice.asked[0]?.message).toContain('"ledger.write"');
    expect(alice.asked[0]?.requestedSchema).toMatchObject({ properties: { approved: { type: 'boolean' } }, required: ['approved'] });
    // The approved write ran once; the declined one never did and the agent was told so.
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2', 'tool:1:w1']);
    const task = await runtime.tasks.get(taskId);
    expect(task.state).toBe('completed');
    expect(String(task.output)).toContain('AGENT_TOOL_DENIED');
    const decisions = (await runtime.tasks.steps(taskId))
      .filter((step) => step.kind === 'approval')
      .map((step) => [step.callId, step.output]);
    expect(decisions).toEqual([
      ['approval:1:w1', { approved: true }],
      ['approval:2:w2', { approved: false }],
    ]);
  });

  it('asks a dismissed question only once per wait, and a client without elicitation waits until the task is answered by other means', async () => {
    const runtime = await startRuntime();
    let dismissed = deferred();
    const dismissing = await connect(runtime, () => {
      dismissed.resolve();
      return { action: 'cancel' };
    });
    const silent = await connect(runtime);
    const first = await dismissing.runAsTask('agent.careful', 'Keep the books.');
    const second = await silent.runAsTask('agent.careful', 'Keep the books.');
    for (const callId of ['approval:1:w1', 'approval:2:w2']) {
      // The dismissing client was asked (and said nothing) before the task is answered by other means.
      await dismissed.promise;
      dismissed = deferred();
      for (const { taskId } of [first, second]) {
        expect((await runtime.tasks.settled(taskId)).state).toBe('input-required');
        await runtime.tasks.answer(taskId, { callId, approved: true });
      }
    }
    expect(await first.result).toMatchObject({ isError: false });
    expect(await second.result).toMatchObject({ isError: false });
    expect((await runtime.tasks.get(first.taskId)).state).toBe('completed');
    // One question per pending approval, each dismissed and not asked again.
    expect(dismissing.asked.map((request) => request.message.match(/approval:\d:w\d/)?.[0])).toEqual(['approval:1:w1', 'approval:2:w2']);
  });
});

describe('taskQuestion and taskAnswerOf', () => {
  const inDoubt = { callId: 'tool:1:w1', kind: 'tool' as const, input: { tool: 'ledger.write', arguments: '{"key":"b"}' } };
  const approval = { callId: 'approval:1:w1', kind: 'approval' as const, input: { tool: 'ledger.write', input: { key: 'b' } } };

  it('asks about a call in doubt whether to run it again, or for the result it gave', () => {
    const question = taskQuestion('t1', inDoubt);
    expect(question.message).toContain('ledger.write" with {"key":"b"}');
    expect(question.requestedSchema.required).toEqual(['rerun']);
    expect(taskAnswerOf(inDoubt, { action: 'accept', content: { rerun: true } })).toEqual({ callId: 'tool:1:w1', rerun: true });
    expect(taskAnswerOf(inDoubt, { action: 'accept', content: { rerun: false, output: 'sent' } })).toEqual({
      callId: 'tool:1:w1',
      output: 'sent',
    });
    expect(taskAnswerOf(inDoubt, { action: 'accept', content: { rerun: false } })).toEqual({ callId: 'tool:1:w1', output: null });
    expect(taskAnswerOf(inDoubt, { action: 'decline' })).toBeUndefined();
    expect(taskAnswerOf(inDoubt, { action: 'cancel' })).toBeUndefined();
  });

  it('reads a declined approval as a denial and a dismissed one as no answer; a runner’s own question is shown as JSON', () => {
    expect(taskQuestion('t1', approval).message).toContain('call the tool "ledger.write" with {"key":"b"}');
    expect(taskAnswerOf(approval, { action: 'accept', content: { approved: true } })).toEqual({ callId: 'approval:1:w1', approved: true });
    expect(taskAnswerOf(approval, { action: 'accept', content: { approved: 'yes' } })).toEqual({
      callId: 'approval:1:w1',
      approved: false,
    });
    expect(taskAnswerOf(approval, { action: 'decline' })).toEqual({ callId: 'approval:1:w1', approved: false });
    expect(taskAnswerOf(approval, { action: 'cancel' })).toBeUndefined();
    expect(taskQuestion('t1', { callId: 'send', kind: 'approval', input: { amount: 3 } }).message).toContain('go on with {"amount":3}');
  });
});
