import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

/** What a finished command left: its exit code and its stdout and stderr interleaved. */
export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/**
 * The environment of the consumer's commands: this process's, without the `npm_*` variables an
 * outer `npm test` sets (they would override the consumer's own npm configuration), and with the
 * project's Node first on PATH, so npm's `#!/usr/bin/env node` and every script run on it rather
 * than an older `node` elsewhere on PATH.
 */
export function consumerEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') && value !== undefined) env[key] = value;
  }
  return { ...env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`, ...extra };
}

/**
 * Runs `command args` in `cwd` to its end; resolves (never rejects) with the exit code and output.
 * `signal` ends the command with SIGTERM when aborted (the test's overall deadline).
 */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...(signal === undefined ? {} : { signal }) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // An abort surfaces as an 'error' (AbortError) and then an 'exit': the first settles.
    child.once('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
    child.once('exit', (code) => resolve({ code, output }));
  });
}
