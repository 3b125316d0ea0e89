import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';

/**
 * Runs a worker script in its own process (node, type stripping) with `args`; resolves with the
 * JSON it printed last, or 'killed' once it printed "inflight" and was SIGKILLed there. A worker
 * left running when the test ends is killed.
 */
export function runKillableWorker<T>(script: string, args: readonly string[]): Promise<T | 'killed'> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let printed: T | 'killed' | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'inflight') {
      printed = 'killed';
      child.kill('SIGKILL');
    } else printed = JSON.parse(line) as T;
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code, signal) =>
      printed === undefined ? reject(new Error(`worker exited (${code ?? signal}) without printing`)) : resolve(printed),
    ),
  );
}
