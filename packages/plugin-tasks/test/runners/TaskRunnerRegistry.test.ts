import { expectCortexError } from '@cortex-os/kernel/testing';
import { type TaskRunner, TaskRunnerRegistry } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';

const runner = (name: string): TaskRunner => ({ name, run: async () => ({ state: 'completed', output: name }) });

describe('TaskRunnerRegistry', () => {
  it('finds a runner by its dotted name until it is removed', () => {
    const registry = new TaskRunnerRegistry();
    const plans = runner('cerebrum.plan');
    const remove = registry.register(plans);
    expect(registry.get('cerebrum.plan')).toBe(plans);
    expect(registry.get('writer')).toBeUndefined();
    remove();
    expect(registry.get('cerebrum.plan')).toBeUndefined();
  });

  it('refuses a name an agent could have, and a name taken, with TASK_RUNNER_INVALID', async () => {
    const registry = new TaskRunnerRegistry();
    registry.register(runner('cerebrum.plan'));
    const undotted = await expectCortexError(async () => registry.register(runner('writer')), 'TASK_RUNNER_INVALID');
    expect(undotted.details).toMatchObject({ runner: 'writer' });
    const taken = await expectCortexError(async () => registry.register(runner('cerebrum.plan')), 'TASK_RUNNER_INVALID');
    expect(taken.details).toMatchObject({ problem: 'is already registered' });
  });
});
