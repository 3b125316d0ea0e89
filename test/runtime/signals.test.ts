import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';

// signalRuntime.mjs imports these builds.
builtFile('packages/runtime/dist/index.js');
builtFile('packages/plugin-http/dist/index.js');

/** Starts signalRuntime.mjs in a mode; its stdout lines are awaited by predicate (no sleeps). */
function startRuntimeProcess(mode: 'clean' | 'failing-stop' | 'stuck-drain') {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'signalRuntime.mjs'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const seen: string[] = [];
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.push(line);
    for (const waiter of waiters.filter((w) => w.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const next = (test: (line: string) => boolean): Promise<string> => {
    const found = seen.find(test);
    return found === undefined ? new Promise((resolve) => waiters.push({ test, resolve })) : Promise.resolve(found);
  };
  return { child, exited, seen, next, drainSteps: () => seen.filter((line) => !line.startsWith('ready ')) };
}

// The kernel's order: HTTP stops taking traffic first (onStopping), then every plugin drains, then
// every plugin stops, each in reverse dependency order (worker needs store).
const DRAIN_ORDER = ['phase draining', 'phase closing', 'phase closed', 'worker drain', 'store drain', 'worker stop', 'store stop'];

describe('startRuntime in a real process', () => {
  it('drains in order on SIGTERM and exits 0 by itself', async () => {
    const runtime = startRuntimeProcess('clean');
    const url = (await runtime.next((line) => line.startsWith('ready '))).slice('ready '.length);
    expect((await fetch(`${url}/api/v1/work`)).status).toBe(200);
    runtime.child.kill('SIGTERM');
    expect(await runtime.exited).toEqual({ code: 0, signal: null });
    expect(runtime.drainSteps()).toEqual(DRAIN_ORDER);
  });

  it('drains in order on SIGINT and exits 1 when a plugin fails to stop', async () => {
    const runtime = startRuntimeProcess('failing-stop');
    await runtime.next((line) => line.startsWith('ready '));
    runtime.child.kill('SIGINT');
    expect(await runtime.exited).toEqual({ code: 1, signal: null });
    expect(runtime.drainSteps()).toEqual(DRAIN_ORDER);
  });

  it('exits at once with 130 on a second signal while draining', async () => {
    const runtime = startRuntimeProcess('stuck-drain');
    await runtime.next((line) => line.startsWith('ready '));
    runtime.child.kill('SIGTERM');
    await runtime.next((line) => line === 'worker drain');
    runtime.child.kill('SIGTERM');
    expect(await runtime.exited).toEqual({ code: 130, signal: null });
    expect(runtime.drainSteps()).toEqual(['phase draining', 'phase closing', 'phase closed', 'worker drain']);
  });
});
