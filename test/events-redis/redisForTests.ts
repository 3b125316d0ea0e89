import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..');

/**
 * Why the Redis tests cannot run, or undefined when they can: the shared server's URL comes
 * from `CORTEX_TEST_REDIS_URL` or the `.cache/services/redis.env` that
 * `bash scripts/services/redis.sh start` writes; only 127.0.0.1 is accepted, and the tests
 * that restart Redis need the `redis-server` binary. Required when CI=true (the file fails to
 * load, which the test command counts), skipped with a loud line otherwise.
 */
export function redisTestUrl(): { url?: string; reason?: string } {
  let url = process.env['CORTEX_TEST_REDIS_URL'];
  const envFile = join(root, '.cache', 'services', 'redis.env');
  if ((url === undefined || url === '') && existsSync(envFile)) {
    url = /^CORTEX_TEST_REDIS_URL=(.+)$/m.exec(readFileSync(envFile, 'utf8'))?.[1]?.trim();
  }
  let reason: string | undefined;
  if (spawnSync('redis-server', ['--version']).status !== 0) reason = 'redis-server is not installed';
  else if (url === undefined || url === '') reason = 'CORTEX_TEST_REDIS_URL is not set and .cache/services/redis.env is missing';
  else if (new URL(url).hostname !== '127.0.0.1') reason = `CORTEX_TEST_REDIS_URL must point at 127.0.0.1, not ${new URL(url).hostname}`;
  if (reason === undefined) return { url: url as string };
  reason += ': run `bash scripts/services/redis.sh start`';
  if (process.env['CI'] === 'true') throw new Error(`Redis is required when CI=true: ${reason}`);
  console.warn(`\n!!! SKIPPING the Redis Streams tests: ${reason}\n`);
  return { reason };
}

/** A free TCP port on 127.0.0.1 (the OS picks it; a tiny race until redis-server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * A test's own redis-server (own port and folder, AOF with `appendfsync always`), which the
 * test may stop and start again; the shared server is never touched.
 */
export class OwnRedisServer {
  readonly #dir = mkdtempSync(join(tmpdir(), 'events-redis-'));
  #child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (or restarts) the server; resolves once it accepts connections (its own log line, no polling). */
  start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--unixsocket',
        '',
        '--dir',
        this.#dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.#child = child;
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)} before it was ready`)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        if (line.includes('Ready to accept connections')) resolve();
      });
    });
  }

  /**
   * Stops the server; resolves once it exited. SIGTERM is a clean shutdown that flushes the AOF;
   * SIGKILL is a crash, after which only what `appendfsync always` already wrote survives.
   */
  stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
