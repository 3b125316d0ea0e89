// The consumer test's npm registry: verdaccio (installed by scripts/services/verdaccio.sh) on
// 127.0.0.1 with a fresh storage folder, run by this project's Node.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { freePort } from '../support/freePort.js';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { repoRoot } from '../support/builtFile.js';

const script = join(repoRoot, 'scripts', 'services', 'verdaccio.sh');

/** verdaccio's entry script when installed, else undefined. */
export function verdaccioEntry(): string | undefined {
  const entry = join(repoRoot, '.cache', 'tools', 'verdaccio', 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  return existsSync(entry) ? entry : undefined;
}

/** A running loopback registry. */
export interface LoopbackRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** A publish token for the registry's one user. */
  readonly token: string;
  /** The registry's log so far (JSON lines), for failure messages. */
  readonly log: readonly string[];
  /** SIGTERM, resolved when the process exited. */
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    // Cleanup, not a wait in a test: a registry that ignores SIGTERM is killed after 10 s.
    const escalate = globalThis.setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(escalate);
  };
}

/**
 * verdaccio logs its address just before its server accepts connections: ping until it answers,
 * a bounded number of times (a readiness check, as scripts/services/*.sh do), not a fixed sleep.
 */
async function pingUntilUp(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const answered = await fetch(`${url}-/ping`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    if (attempt === 100) throw new Error(`verdaccio did not answer ${url}-/ping`);
    await setTimeout(50);
  }
}

/** Starts verdaccio in `folder` (fresh storage), resolved once it listens and a user exists. */
export async function startLoopbackRegistry(entry: string, folder: string): Promise<LoopbackRegistry> {
  const storage = join(folder, 'storage');
  mkdirSync(storage, { recursive: true });
  const port = await freePort();
  const config = join(folder, 'config.yaml');
  writeFileSync(config, execFileSync('bash', [script, 'config', storage, String(port)], { encoding: 'utf8' }));
  const child = spawn(process.execPath, [entry, '--config', config], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test worker that dies must not leave the registry running.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  const log: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => log.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.push(line);
      const address = /http address - (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (address?.[1] !== undefined) resolve(address[1]);
    });
    child.once('exit', (code) => reject(new Error(`verdaccio exited (${code}) before listening:\n${log.join('\n')}`)));
  });
  await pingUntilUp(url);
  const created = await fetch(`${url}-/user/org.couchdb.user:consumer`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'consumer', password: 'consumer-test-only' }),
  });
  const { token } = (await created.json()) as { token?: string };
  if (created.status !== 201 || token === undefined) throw new Error(`verdaccio refused the test user (${created.status})`);
  return { url, token, log, stop: stopper(child) };
}
