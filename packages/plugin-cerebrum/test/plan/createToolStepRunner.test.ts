import { defineTool } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { CerebrumError, createToolStepRunner, executePlan } from '@cortex-os/plugin-cerebrum';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

function registry() {
  const tools = createToolRegistry();
  const notes: string[] = [];
  tools.register(
    defineTool({
      name: 'numbers.double',
      description: 'Doubles a number.',
      input: z.object({ n: z.number() }),
      output: z.object({ n: z.number() }),
      annotations: { readOnlyHint: true },
      handler: ({ n }) => ({ n: n * 2 }),
    }),
  );
  tools.register(
    defineTool({
      name: 'notes.write',
      description: 'Writes a note.',
      input: z.object({ value: z.object({ n: z.number() }) }),
      handler: ({ value }) => {
        notes.push(`n=${value.n}`);
        return { written: notes.length };
      },
    }),
  );
  return { tools, notes };
}

describe('createToolStepRunner', () => {
  it('runs plan steps as real tool calls through the registry', async () => {
    const { tools, notes } = registry();
    const names = tools.list().map((tool) => tool.name);
    const result = await executePlan(
      {
        goal: 'note 2·2·3',
        steps: [
          { id: 'note', tool: 'notes.write', dependsOn: ['twice'], inputsFrom: { value: 'twice' } },
          { id: 'once', tool: 'numbers.double', input: { n: 3 } },
          { id: 'twice', tool: 'numbers.double', dependsOn: ['once'], inputsFrom: { n: 'once' } },
        ],
      },
      { tools: names, runStep: createToolStepRunner(tools) },
    ).catch((error: unknown) => error);
    // `inputsFrom` passes the whole output: {n: 6} is not a number, so the tool refuses it.
    expect(CerebrumError.is(result, 'CEREBRUM_REPLAN_EXHAUSTED')).toBe(true);
    expect((result as CerebrumError).details).toMatchObject({ step: 'twice' });

    const ok = await executePlan(
      {
        goal: 'note 2·3',
        steps: [
          { id: 'note', tool: 'notes.write', dependsOn: ['once'], inputsFrom: { value: 'once' } },
          { id: 'once', tool: 'numbers.double', input: { n: 3 } },
        ],
      },
      { tools: names, runStep: createToolStepRunner(tools) },
    );
    expect(ok.outputs.get('once')).toEqual({ n: 6 });
    expect(ok.outputs.get('note')).toEqual({ written: 1 });
    expect(notes).toEqual(['n=6']);
  });
});
