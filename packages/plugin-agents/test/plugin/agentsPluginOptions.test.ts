import { KernelAggregateError } from '@cortex-os/kernel';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { routerPlugin } from '@cortex-os/kernel/router';
import { agentsPlugin, agentsPluginOptions, createMemoryThreadStore } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';

describe('agentsPluginOptions', () => {
  it('applies the default depth and keeps a clock and a thread store passed in code', () => {
    expect(agentsPluginOptions.parse({})).toEqual({ maxDepth: 3 });
    const clock = { now: () => 0 };
    const threads = createMemoryThreadStore();
    expect(agentsPluginOptions.parse({ maxDepth: 5, clock, threads })).toEqual({ maxDepth: 5, clock, threads });
    expect(agentsPluginOptions.parse({ maxDepth: undefined, clock: undefined })).toEqual({ maxDepth: 3 });
  });

  it('refuses unknown keys and bad values, naming each', () => {
    const result = agentsPluginOptions.safeParse({ maxdepth: 2, maxDepth: 0, clock: 'now', threads: {} });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => [issue.path.join('.'), issue.code]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['', 'unrecognized_keys'],
        ['maxDepth', 'too_small'],
        ['clock', 'custom'],
        ['threads', 'custom'],
      ]),
    );
    expect(result.error?.issues.find((issue) => issue.path[0] === 'clock')?.message).toBe(
      'Invalid input: expected a clock, an object with a now() function',
    );
  });

  it('is the schema the plugin validates its options with: a misspelled key fails assembly', () => {
    // @ts-expect-error: not an option of the agents plugin
    const error = rejectionOfSync(() => createTestKernel({ plugins: [routerPlugin(), agentsPlugin({ maxdepth: 2 })] }));
    expect(error).toBeInstanceOf(KernelAggregateError);
    expect((error as KernelAggregateError).problems).toContainEqual(
      expect.objectContaining({
        code: 'PLUGIN_OPTIONS_INVALID',
        plugin: 'agents',
        message: 'Plugin "agents" options are invalid: (root): Unrecognized key: "maxdepth".',
      }),
    );
  });
});

function rejectionOfSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
