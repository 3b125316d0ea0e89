import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';

/** A fixture process started by {@link runFixture}. */
export interface FixtureProcess {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Settles when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every stdout line so far. */
  readonly seen: readonly string[];
  /** Every stderr line so far (the fixture's log). */
  readonly logged: readonly string[];
  /** The first stdout line that passes `test`, awaited (no sleeps). */
  next(test: (line: string) => boolean): Promise<string>;
  /** Writes one line to the fixture's stdin. */
  say(line: string): void;
}

/**
 * Runs a `.mjs` fixture with Node; its stdout lines are awaited by predicate, its stderr kept.
 * The process is killed with SIGKILL when the test ends, if it still runs.
 */
export function runFixture(file: string, args: readonly string[] = []): FixtureProcess {
  const child = spawn(process.execPath, [file, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const seen: string[] = [];
  const logged: string[] = [];
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => logged.push(line));
  createInterface({ input: child.stdout }).on('line', (line) => {
    seen.push(line);
    for (const waiter of waiters.filter((w) => w.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  child.stdin.on('error', () => undefined);
  return {
    child,
    exited,
    seen,
    logged,
    next(test) {
      const found = seen.find(test);
      return found === undefined ? new Promise((resolve) => waiters.push({ test, resolve })) : Promise.resolve(found);
    },
    say(line) {
      child.stdin.write(`${line}\n`);
    },
  };
}
