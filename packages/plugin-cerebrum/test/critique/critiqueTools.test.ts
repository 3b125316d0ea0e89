// `cerebrum.critique`, `cerebrum.refine` and `cerebrum.learn` as tools, in-process: the plugin's
// default critic (a model critic through the policy router) and reviser follow the scripted model;
// the forecaster's tasks run on a real SQLite task store, and each caller reaches only its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startForecaster, sunnyRun } from '../replay/forecasterKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-critique-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ada = { caller: { transport: 'rest', id: 'ada' } } as const;
const bob = { caller: { transport: 'rest', id: 'bob' } } as const;
const verdict = (score: number, ...feedback: string[]) => ({ text: JSON.stringify({ score, feedback }) });

describe('the critique tools', () => {
  it('critiques an answer, and a finished task of the caller by its output against its input', async () => {
    const script = [...sunnyRun, verdict(0.9), verdict(0.5, 'say whether to take an umbrella')];
    const runtime = await startForecaster(join(dir, 'critique.sqlite'), script);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const { id } = await runtime.tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    await runtime.tasks.settled(id);

    const answer = await runtime.kernel.tools.call('cerebrum.critique', { goal: 'Greet Ada', answer: 'Hello, Ada.' }, ada);
    expect(answer.structured).toEqual({ score: 0.9, satisfied: true, feedback: [] });
    const judged = String(runtime.model.requests[2]?.messages[1]?.content);
    expect(judged).toBe('Goal:\nGreet Ada\n\nAnswer:\nHello, Ada.');

    const task = await runtime.kernel.tools.call('cerebrum.critique', { task: id }, ada);
    expect(task.structured).toEqual({
      task: id,
      goal: 'Weather in Oslo?',
      answer: 'Sunny in Oslo.',
      score: 0.5,
      satisfied: false,
      feedback: ['say whether to take an umbrella'],
    });
    await expectCortexError(runtime.kernel.tools.call('cerebrum.critique', { task: id }, bob), 'TASK_NOT_FOUND');
    expect(runtime.model.requests).toHaveLength(4);
  });

  it('refuses input that names no answer or mixes a task with one, naming the field', async () => {
    const runtime = await startForecaster(join(dir, 'input.sqlite'), []);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const { tools } = runtime.kernel;
    const missing = await expectCortexError(tools.call('cerebrum.critique', { goal: 'g' }, ada), 'TOOL_INPUT_INVALID');
    expect(missing.message).toContain('answer: required unless task is given');
    const mixed = await expectCortexError(tools.call('cerebrum.critique', { task: 't', answer: 'a' }, ada), 'TOOL_INPUT_INVALID');
    expect(mixed.message).toContain('answer: give either task, or goal and answer');
    const rounds = await expectCortexError(
      tools.call('cerebrum.refine', { goal: 'g', draft: 'd', maxRounds: 11 }, ada),
      'TOOL_INPUT_INVALID',
    );
    expect(rounds.message).toContain('maxRounds');
    const summary = await expectCortexError(tools.call('cerebrum.learn', { task: 't', summary: '' }, ada), 'TOOL_INPUT_INVALID');
    expect(summary.message).toContain('summary');
    expect(runtime.model.requests).toHaveLength(0);
  });

  it('refines a draft until the critic is satisfied, returning every round', async () => {
    const script = [verdict(0.3, 'name the city'), { text: 'Sunny in Oslo.' }, verdict(0.9)];
    const runtime = await startForecaster(join(dir, 'refine.sqlite'), script);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const refined = await runtime.kernel.tools.call('cerebrum.refine', { goal: 'Weather in Oslo?', draft: 'Sunny.' }, ada);
    expect(refined.structured).toMatchObject({
      answer: 'Sunny in Oslo.',
      satisfied: true,
      rounds: 1,
      stoppedBecause: 'satisfied',
      history: [
        { round: 0, answer: 'Sunny.', critique: { score: 0.3, satisfied: false, feedback: ['name the city'] } },
        { round: 1, answer: 'Sunny in Oslo.', critique: { score: 0.9, satisfied: true, feedback: [] } },
      ],
    });
    // The reviser saw the critique it had to address.
    expect(String(runtime.model.requests[1]?.messages[1]?.content)).toContain('- name the city');
  });

  it('stops refining at the round limit with the best answer seen', async () => {
    const script = [verdict(0.3, 'name the city'), { text: 'Sunny, Oslo.' }, verdict(0.6, 'say when')];
    const runtime = await startForecaster(join(dir, 'rounds.sqlite'), script);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const refined = await runtime.kernel.tools.call('cerebrum.refine', { goal: 'Weather in Oslo?', draft: 'Sunny.', maxRounds: 1 }, ada);
    expect(refined.structured).toMatchObject({ answer: 'Sunny, Oslo.', satisfied: false, rounds: 1, stoppedBecause: 'max-rounds' });
    expect((refined.structured as { history: unknown[] }).history).toHaveLength(2);
  });

  it('learns only from a completed task of the caller', async () => {
    const runtime = await startForecaster(join(dir, 'learn.sqlite'), sunnyRun);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const { id } = await runtime.tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    await runtime.tasks.settled(id);
    await expectCortexError(runtime.kernel.tools.call('cerebrum.learn', { task: id }, bob), 'TASK_NOT_FOUND');
    // The model has no more replies: this task fails, and a failed task teaches nothing.
    const failed = await runtime.tasks.submit({ agent: 'forecaster', input: 'Weather in Bergen?', principal: 'ada' });
    expect((await runtime.tasks.settled(failed.id)).state).not.toBe('completed');
    await expectCortexError(runtime.kernel.tools.call('cerebrum.learn', { task: failed.id }, ada), 'CEREBRUM_TASK_UNSUITABLE');
    // Ada's completed task reaches memory.store, which this runtime lacks.
    const unknown = await expectCortexError(runtime.kernel.tools.call('cerebrum.learn', { task: id }, ada), 'TOOL_UNKNOWN');
    expect(unknown.message).toContain('memory.store');
  });

  it('marks the critique and refine tools read-only and the learn tool not', async () => {
    const runtime = await startForecaster(join(dir, 'list.sqlite'), []);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const hints = Object.fromEntries(
      runtime.kernel.tools
        .list()
        .filter((tool) => ['cerebrum.critique', 'cerebrum.refine', 'cerebrum.learn'].includes(tool.name))
        .map((tool) => [tool.name, tool.annotations?.readOnlyHint]),
    );
    expect(hints).toEqual({ 'cerebrum.critique': true, 'cerebrum.refine': true, 'cerebrum.learn': false });
  });
});
