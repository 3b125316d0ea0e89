import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toolExecutionCompletedEvent, toolExecutionFailedEvent } from '@cortex-os/kernel';
import { createEventRecorder, createTestKernel, expectCortexError } from '@cortex-os/kernel/testing';
import {
  type MultiSearchToolOutput,
  type SearchToolOutput,
  ToolkitError,
  ToolkitToolGuard,
  toolkitPlugin,
} from '@cortex-os/plugin-toolkit';

let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'toolkit-plugin-')));
  root = join(base, 'repo');
  await mkdir(join(root, 'src'), { recursive: true });
  await writeFile(join(root, 'src', 'a.ts'), 'export const defineTool = 1;\nexport const other = 2;\n');
  await writeFile(join(root, 'src', 'many.ts'), 'hit line with some padding to take room\n'.repeat(300));
  await writeFile(join(base, 'secret.ts'), 'defineTool outside\n');
});
afterEach(() => rm(base, { recursive: true, force: true }));

const kernelWith = (options: Parameters<typeof toolkitPlugin>[0] = {}) =>
  createTestKernel({ plugins: [toolkitPlugin({ roots: [{ path: root, name: 'repo' }], engine: 'builtin', ...options })] });

describe('toolkitPlugin', () => {
  it('contributes its tools to the kernel registry, read-only but for codemod', async () => {
    await using kernel = kernelWith();
    await kernel.start();
    const tools = kernel.tools.list().filter((tool) => tool.name.startsWith('toolkit.'));
    expect(tools.map((tool) => [tool.name, tool.annotations?.readOnlyHint])).toEqual([
      ['toolkit.codemap', true],
      ['toolkit.codemod', false],
      ['toolkit.multi_search', true],
      ['toolkit.search', true],
      ['toolkit.validate', true],
    ]);
  });

  it('searches and groups several patterns, with paths relative to the root', async () => {
    await using kernel = kernelWith();
    await kernel.start();
    const single = await kernel.tools.call<SearchToolOutput>('toolkit.search', { pattern: 'define\\w+', include: ['*.ts'] });
    expect(single.structured).toEqual({
      engine: 'builtin',
      root: 'repo',
      pattern: 'define\\w+',
      truncated: false,
      matches: [
        { path: 'src/a.ts', line: 1, text: 'export const defineTool = 1;', submatches: [{ start: 13, end: 23 }], before: [], after: [] },
      ],
    });
    expect(single.content).toEqual([{ type: 'text', text: '"define\\\\w+": 1 matches in 1 files\n(engine: builtin)' }]);
    const multi = await kernel.tools.call<MultiSearchToolOutput>('toolkit.multi_search', { patterns: ['other', 'nothing'], path: 'src' });
    expect(multi.structured?.results.map((result) => [result.pattern, result.matches.length])).toEqual([
      ['other', 1],
      ['nothing', 0],
    ]);
  });

  it('refuses paths outside the root with a typed error naming the path relative to it', async () => {
    await using kernel = kernelWith();
    await kernel.start();
    const error = await expectCortexError(
      kernel.tools.call('toolkit.search', { pattern: 'x', path: '../secret.ts' }),
      'TOOLKIT_PATH_OUTSIDE_ROOT',
    );
    expect(error.message).toBe('path "../secret.ts" is outside workspace root "repo"');
    await expectCortexError(kernel.tools.call('toolkit.search', { pattern: '(?=x)' }), 'TOOLKIT_PATTERN_UNSUPPORTED');
  });

  it('drops matches to fit the output budget and says so', async () => {
    await using kernel = kernelWith({ maxOutputTokens: 512 });
    await kernel.start();
    const result = await kernel.tools.call<SearchToolOutput>('toolkit.search', { pattern: 'hit', maxResults: 1000 });
    expect(result.structured?.truncated).toBe(true);
    expect(result.structured?.matches.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.structured).length / 4).toBeLessThanOrEqual(512);
  });

  it('emits tool.execution events', async () => {
    await using kernel = kernelWith();
    await kernel.start();
    using completed = createEventRecorder(kernel.events, toolExecutionCompletedEvent);
    using failed = createEventRecorder(kernel.events, toolExecutionFailedEvent);
    await kernel.tools.call('toolkit.search', { pattern: 'other' });
    await kernel.tools.call('toolkit.search', { pattern: 'x', path: '/etc' }).catch(() => undefined);
    expect(completed.events.map((event) => event.data.tool)).toEqual(['toolkit.search']);
    expect(failed.events.map((event) => [event.data.tool, event.data.code])).toEqual([['toolkit.search', 'TOOLKIT_PATH_OUTSIDE_ROOT']]);
  });
});

describe('ToolkitToolGuard', () => {
  it('opens the breaker after 5 consecutive failures, not counting the caller’s mistakes', async () => {
    const guard = new ToolkitToolGuard('toolkit.test', { timeoutMs: 1000, breakerThreshold: 5, breakerHalfOpenAfterMs: 60_000 });
    const signal = new AbortController().signal;
    const fail = () => () => Promise.reject(ToolkitError.create('TOOLKIT_ENGINE_FAILED', { engine: 'ripgrep', reason: 'exit 2' }));
    for (let i = 0; i < 4; i += 1) await expectCortexError(guard.run(signal, fail()), 'TOOLKIT_ENGINE_FAILED');
    const invalid = () => Promise.reject(ToolkitError.create('TOOLKIT_GLOB_INVALID', { glob: '[', reason: 'unclosed' }));
    for (let i = 0; i < 3; i += 1) await expectCortexError(guard.run(signal, invalid), 'TOOLKIT_GLOB_INVALID');
    expect(guard.state).toBe('closed');
    await expectCortexError(guard.run(signal, fail()), 'TOOLKIT_ENGINE_FAILED');
    expect(guard.state).toBe('open');
    await expectCortexError(
      guard.run(signal, () => Promise.resolve(1)),
      'RESILIENCE_CIRCUIT_OPEN',
    );
  });

  it('turns a time-out into TOOLKIT_TIMEOUT after aborting the work', async () => {
    const guard = new ToolkitToolGuard('toolkit.test', { timeoutMs: 5, breakerThreshold: 5, breakerHalfOpenAfterMs: 1000 });
    let aborted = false;
    const error = await expectCortexError(
      guard.run(
        new AbortController().signal,
        (signal) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            }),
          ),
      ),
      'TOOLKIT_TIMEOUT',
    );
    expect(aborted).toBe(true);
    expect(error.message).toBe('tool "toolkit.test" ran out of its time limit of 5 ms');
    expect(guard.state).toBe('closed');
  });
});
