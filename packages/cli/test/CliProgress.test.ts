import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIo, cliExitCodes, createCliProgress, parseCliArgs, runCli } from '@cortex-os/cli';
import { describe, expect, it } from 'vitest';

const clear = '\r\u001b[K';

/** An io whose terminal writes are recorded; `tty: false` is a pipe (no `progress`). */
function io(tty: boolean, cwd = mkdtempSync(join(tmpdir(), 'cortex-progress-'))) {
  const written: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    out: () => {},
    err: (line) => err.push(line),
    env: { CORTEX_HOME: mkdtempSync(join(tmpdir(), 'cortex-home-')) },
    cwd,
    ...(tty ? { progress: (text: string) => written.push(text) } : {}),
  };
  return { io: value, written, err };
}

/** A clock the test moves and a ticker it fires by hand: no timers, no waiting. */
function manualClock() {
  let ms = 0;
  const ticks: Array<() => void> = [];
  let stopped = 0;
  return {
    now: () => ms,
    advance: (by: number) => {
      ms += by;
    },
    every: (tick: () => void) => {
      ticks.push(tick);
      return () => {
        stopped += 1;
      };
    },
    tick: () => {
      for (const tick of ticks) tick();
    },
    stopped: () => stopped,
  };
}

describe('createCliProgress', () => {
  it('on a terminal: a live line with the seconds so far, then ✓ and the total', async () => {
    const { io: terminal, written } = io(true);
    const clock = manualClock();
    const progress = createCliProgress(terminal, { now: clock.now, every: clock.every });
    const result = await progress.step('starting 6 plugins', async () => {
      clock.advance(1200);
      clock.tick();
      clock.advance(300);
      return 42;
    });
    expect(result).toBe(42);
    expect(written).toEqual([
      `${clear}… starting 6 plugins`,
      `${clear}… starting 6 plugins 1.2 s`,
      `${clear}✓ starting 6 plugins (1.5 s)\n`,
    ]);
    expect(clock.stopped()).toBe(1);
  });

  it('a failed step ends its line with ✗, stops its ticker and rethrows the error unchanged', async () => {
    const { io: terminal, written } = io(true);
    const clock = manualClock();
    const failure = new Error('port in use');
    await expect(
      createCliProgress(terminal, { now: clock.now, every: clock.every }).step('starting 6 plugins', () => Promise.reject(failure)),
    ).rejects.toBe(failure);
    expect(written.at(-1)).toBe(`${clear}✗ starting 6 plugins\n`);
    expect(clock.stopped()).toBe(1);
  });

  it('a note names where the step is, on the live line only; the same note twice is written once', async () => {
    const { io: terminal, written } = io(true);
    const clock = manualClock();
    await createCliProgress(terminal, { now: clock.now, every: clock.every }).step('starting 3 plugins', (note) => {
      clock.advance(500);
      note('0 of 3 started; memory');
      note('0 of 3 started; memory');
      clock.advance(1500);
      clock.tick();
      note('3 of 3 started');
    });
    expect(written).toEqual([
      `${clear}… starting 3 plugins`,
      `${clear}… starting 3 plugins: 0 of 3 started; memory 0.5 s`,
      `${clear}… starting 3 plugins: 0 of 3 started; memory 2.0 s`,
      `${clear}… starting 3 plugins: 3 of 3 started 2.0 s`,
      `${clear}✓ starting 3 plugins (2.0 s)\n`,
    ]);
  });

  it('writes nothing when stderr is not a terminal, or with quiet, and still runs the work', async () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const { io: target, written } = io(tty);
      expect(await createCliProgress(target, { quiet }).step('x', () => 'done')).toBe('done');
      expect(written).toEqual([]);
    }
  });
});

describe('progress in commands', () => {
  it('init <dir> shows its step on a terminal, and nothing with --quiet or -q', async () => {
    const shown = io(true);
    expect(await runCli(['init', 'app'], shown.io)).toBe(cliExitCodes.ok);
    expect(shown.written.at(-1)?.replace(/\(\d+\.\d s\)/, '(n s)')).toBe(`${clear}✓ writing a project in app (n s)\n`);
    for (const flag of ['--quiet', '-q']) {
      const quiet = io(true);
      expect(await runCli(['init', 'app', flag], quiet.io)).toBe(cliExitCodes.ok);
      expect(quiet.written).toEqual([]);
    }
  });

  it('serve shows loading and starting on a terminal; a failed start ends with ✗ before the error line', async () => {
    const shown = io(true);
    const code = await runCli(
      ['serve'],
      { ...shown.io, env: { ...shown.io.env, CORTEX_HTTP_PORT: '0' } },
      {
        signals: false,
        onStarted: (runtime) => void runtime.stop(),
      },
    );
    expect(code).toBe(cliExitCodes.ok);
    const finished = shown.written.filter((text) => text.endsWith('\n'));
    expect(finished.map((text) => text.replace(/ \(\d+\.\d s\)/, ''))).toEqual([
      `${clear}✓ loading the configuration\n`,
      `${clear}✓ starting 6 plugins\n`,
    ]);
    // The kernel's start progress on the live line: every plugin named while it starts, counted to 6.
    const live = shown.written.filter((text) => text.startsWith(`${clear}… starting 6 plugins: `));
    expect(live.at(-1)).toMatch(/: 6 of 6 started \d+\.\d s$/);
    for (const name of ['http', 'health', 'memory', 'mcp']) expect(live.some((text) => text.includes(name))).toBe(true);
    const refused = io(true);
    const bad = await runCli(['serve'], { ...refused.io, env: { ...refused.io.env, CORTEX_HTTP_PORT: 'eighty' } });
    expect(bad).toBe(cliExitCodes.config);
    expect(refused.written.at(-1)).toBe(`${clear}✗ loading the configuration\n`);
    expect(refused.err[0]).toMatch(/^cortex: RUNTIME_CONFIG_INVALID: /);
  });

  it('--quiet belongs to init, serve and mcp only', () => {
    expect(parseCliArgs(['serve', '-q']).quiet).toBe(true);
    expect(parseCliArgs(['mcp', '--quiet']).quiet).toBe(true);
    expect(() => parseCliArgs(['config', '--quiet'])).toThrow(/"config" takes no --quiet \(it belongs to: init, serve, mcp\)/);
  });
});
