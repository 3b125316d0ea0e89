import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';

const bin = builtFile('packages/cli/dist/bin/cortex.js');

/** Spawns the built `cortex` binary with a temporary home; lines are awaited by predicate (no sleeps). */
function cortex(args: string[], cwd: string, env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'cortex-home-'));
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', CORTEX_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const listening = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('listening ')) resolve(line.slice('listening '.length));
    });
  });
  return { child, exited, stderr, listening, home };
}

describe('the cortex binary', () => {
  it('serves health over real HTTP from a config file and exits 0 on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { host: '127.0.0.1', port: 9 } }));
    // The variable wins over the file's port: 0 lets the system pick a free one.
    const run = cortex(['serve'], cwd, { CORTEX_HTTP_PORT: '0' });
    const url = await run.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const live = await fetch(`${url}/live`);
    expect(live.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stderr).toContain('no generating model is configured: this runtime serves HTTP and health only.');
    expect(run.stderr).toContain(`home ${run.home}`);
  });

  it('exits 3 with one line naming the bad variable, and 2 for an unknown flag', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    const bad = cortex(['serve'], cwd, { CORTEX_HTTP_PORT: 'eighty' });
    expect(await bad.exited).toEqual({ code: 3, signal: null });
    expect(bad.stderr.join('\n')).toMatch(/^cortex: RUNTIME_CONFIG_INVALID: [\s\S]*CORTEX_HTTP_PORT: expected a number, got "eighty"/);
    const usage = cortex(['serve', '--port', '80'], cwd);
    expect(await usage.exited).toEqual({ code: 2, signal: null });
    expect(usage.stderr).toEqual(["cortex: CLI_USAGE: Unknown option '--port'. Run `cortex help`."]);
  });
});
