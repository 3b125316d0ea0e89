import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { loadReadinessRubric, parseReadinessRubric, readinessMeasurements, runReadinessRubric } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

describe('runReadinessRubric', () => {
  it('scores by weight, deciding each item by its exit code, with a timeout', async () => {
    const file = fixturePath('rubric/readiness.json');
    const result = await runReadinessRubric(await loadReadinessRubric(file), { cwd: tmpdir(), source: file });
    expect(result.items.map((i) => [i.id, i.passed, i.exitCode, i.timedOut])).toEqual([
      ['node-runs', true, 0, false],
      ['shell-true', true, 0, false],
      ['exit-code-decides', false, 3, false],
      ['slow', false, null, true],
    ]);
    expect(result.score).toBe(40);
    expect(result.items[2]?.output).toBe('checking\n');
    expect(result.items[3]?.durationMs).toBeLessThan(5_000);
    expect(readinessMeasurements(result)[0]).toMatchObject({
      gate: 'ops.readiness',
      value: 40,
      reason: 'failing: exit-code-decides, slow (timed out)',
    });
  });

  it('a path that merely exists does not pass: the command decides', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-rubric-'));
    await writeFile(join(dir, 'health.sh'), 'exit 1\n');
    const rubric = parseReadinessRubric({ version: 1, items: [{ id: 'health', title: 'health probe', weight: 1, run: 'sh health.sh' }] });
    expect((await runReadinessRubric(rubric, { cwd: dir })).score).toBe(0);
  });

  it('fails an item whose command cannot start', async () => {
    const rubric = parseReadinessRubric({ version: 1, items: [{ id: 'x', title: 'missing tool', weight: 2, run: ['/nonexistent/tool'] }] });
    const [item] = (await runReadinessRubric(rubric, { cwd: tmpdir() })).items;
    expect(item).toMatchObject({ passed: false, exitCode: null });
    expect(item?.output).toContain('could not start /nonexistent/tool');
  });

  it('stops running commands once aborted', async () => {
    const rubric = parseReadinessRubric({
      version: 1,
      items: [
        { id: 'a', title: 'a', weight: 1, run: 'true' },
        { id: 'b', title: 'b', weight: 1, run: 'true' },
      ],
    });
    const controller = new AbortController();
    controller.abort();
    const result = await runReadinessRubric(rubric, { cwd: tmpdir(), signal: controller.signal });
    expect(result.items.map((i) => i.output)).toEqual(['aborted', 'aborted']);
    expect(result.score).toBe(0);
  });

  it('rejects duplicate ids and weightless items, naming the field', () => {
    try {
      parseReadinessRubric(
        {
          version: 1,
          items: [
            { id: 'a', title: 'a', weight: 1, run: 'true' },
            { id: 'a', title: 'b', weight: 0, run: 'true' },
          ],
        },
        'r.json',
      );
      expect.unreachable();
    } catch (error) {
      expect(CortexError.is(error, 'GATES_RUBRIC_INVALID')).toBe(true);
      expect((error as Error).message).toMatchInlineSnapshot(`
        "rubric r.json is invalid:
          - items.1.weight: Too small: expected number to be >0
          - items.1.id: duplicate item id a"
      `);
    }
    expect(() =>
      parseReadinessRubric({
        version: 1,
        items: [
          { id: 'a', title: 'a', weight: 1, run: 'true' },
          { id: 'a', title: 'b', weight: 1, run: 'true' },
        ],
      }),
    ).toThrowError('items.1.id: duplicate item id a');
  });
});
