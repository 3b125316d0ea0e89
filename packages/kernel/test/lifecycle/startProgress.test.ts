import { describe, expect, it } from 'vitest';
import { createKernel, createToken, definePlugin, type PluginStartProgress } from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

const baseToken = createToken<string>('test.progress.base');

const base = definePlugin({ name: 'base', version: '1.0.0', provides: { base: baseToken }, start: () => ({ base: 'ready' }) });
const left = definePlugin({ name: 'left', version: '1.0.0', requires: { base: baseToken }, start: () => undefined });
const right = definePlugin({ name: 'right', version: '1.0.0', requires: { base: baseToken }, start: () => undefined });

describe('onStartProgress', () => {
  it('reports each plugin starting and started, in dependency order, counting the started ones', async () => {
    const seen: PluginStartProgress[] = [];
    const kernel = createKernel({ plugins: [left(), right(), base()], logger: silentLogger(), onStartProgress: (p) => seen.push(p) });
    await kernel.start();
    await kernel.stop();
    expect(seen.slice(0, 2)).toEqual([
      { plugin: 'base', state: 'starting', index: 0, total: 3 },
      { plugin: 'base', state: 'started', index: 1, total: 3 },
    ]);
    // One level, started concurrently: both begin before either ends.
    expect(seen.slice(2, 4).map((p) => [p.plugin, p.state, p.index])).toEqual([
      ['left', 'starting', 1],
      ['right', 'starting', 1],
    ]);
    expect(seen.slice(4).map((p) => [p.state, p.index])).toEqual([
      ['started', 2],
      ['started', 3],
    ]);
  });

  it('reports a failed start as failed, and the kernel start still fails with the plugin problem', async () => {
    const seen: string[] = [];
    const broken = definePlugin({
      name: 'broken',
      version: '1.0.0',
      requires: { base: baseToken },
      start: () => {
        throw new Error('migration failed');
      },
    });
    const kernel = createKernel({
      plugins: [base(), broken()],
      logger: silentLogger(),
      onStartProgress: (p) => seen.push(`${p.plugin}:${p.state}`),
    });
    await expect(kernel.start()).rejects.toMatchObject({ code: 'KERNEL_START_FAILED' });
    expect(seen).toEqual(['base:starting', 'base:started', 'broken:starting', 'broken:failed']);
  });

  it('a listener that throws is logged and ignored: the kernel starts', async () => {
    const lines: string[] = [];
    const kernel = createKernel({
      plugins: [base()],
      logger: silentLogger(lines),
      onStartProgress: () => {
        throw new Error('display gone');
      },
    });
    await kernel.start();
    expect(kernel.state).toBe('started');
    const warnings = lines
      .map((line) => JSON.parse(line) as { msg: string; plugin?: string })
      .filter((l) => l.msg.includes('onStartProgress'));
    expect(warnings).toEqual([
      expect.objectContaining({ plugin: 'base', msg: 'the onStartProgress listener threw; ignored' }),
      expect.objectContaining({ plugin: 'base', msg: 'the onStartProgress listener threw; ignored' }),
    ]);
    await kernel.stop();
  });
});
