import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, StdioClientTransport, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtFile, repoRoot } from '../support/builtFile.js';

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
  it('serves health, memory tools over REST and MCP on one port from a config file, and exits 0 on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { host: '127.0.0.1', port: 9 }, energy: {} }));
    // The variable wins over the file's port: 0 lets the system pick a free one.
    const run = cortex(['serve'], cwd, { CORTEX_HTTP_PORT: '0' });
    const url = await run.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const stored = await fetch(`${url}/api/v1/tools/memory.store`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memory: { text: 'cortex serve stores this' } }),
    });
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { tool: string }).tool).toBe('memory.store');
    const client = new Client({ name: 'serve-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(['memory.store', 'memory.search', 'energy.report']));
    await client.close();
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stderr).toContain('plugins http, health, memory, router, local-embedders, mcp, energy');
    expect(run.stderr).toContain(`home ${run.home}`);
    expect(existsSync(join(run.home, 'memory', 'memories.sqlite'))).toBe(true);
  });

  it('exits 3 naming an unknown key with the closest valid one', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ memory: { dataDri: '/tmp/x' } }));
    const bad = cortex(['serve'], cwd);
    expect(await bad.exited).toEqual({ code: 3, signal: null });
    expect(bad.stderr.join('\n')).toContain(`${join(cwd, 'cortex.config.json')} memory.dataDri: unknown option. Did you mean "dataDir"?`);
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

  it('cortex mcp serves the runtime over stdio to the MCP SDK client, started from / with a temporary home', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cortex-home-'));
    let stderr = '';
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'mcp'],
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', CORTEX_HOME: home },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    await client.connect(transport);
    onTestFinished(() => client.close());
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(['memory.store', 'memory.search', 'memory.get']));
    const stored = await client.callTool({ name: 'memory.store', arguments: { memory: { text: 'stored over stdio' } } });
    expect(stored.isError).not.toBe(true);
    expect(existsSync(join(home, 'memory', 'memories.sqlite'))).toBe(true);
    // Nothing but the protocol went to stdout: a log line there would have broken the client above.
    expect(stderr).not.toMatch(/RUNTIME_|KERNEL_/);
  });

  it('a second runtime on the same home fails fast with one line saying what to do, or opens memory read-only', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    const first = cortex(['serve'], cwd, { CORTEX_HTTP_PORT: '0' });
    await first.listening;
    const second = cortex(['mcp'], '/', { CORTEX_HOME: first.home });
    expect(await second.exited).toEqual({ code: 1, signal: null });
    const failure = second.stderr.filter((line) => line.startsWith('cortex: '));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/^cortex: KERNEL_START_FAILED: .*MEMORY_DATA_DIR_LOCKED.*With cortex: give the second runtime another home/);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'mcp'],
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', CORTEX_HOME: first.home, CORTEX_MEMORY_STORE: '{"kind":"sqlite","readOnly":true}' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('memory.search');
    await client.close();
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
  });

  // A TypeScript build of the project runs inside: a minute, not the default 20 s, on a busy machine.
  it('cortex init <dir> writes a project that builds, passes its own test, and serves its plugin', { timeout: 60_000 }, async () => {
    // Under the repository's .tmp/ (ignored) so the project resolves the workspace's packages, as after `npm install`.
    mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
    const parent = mkdtempSync(join(repoRoot, '.tmp', 'cortex-init-'));
    onTestFinished(() => rmSync(parent, { recursive: true, force: true }));
    const init = cortex(['init', 'app'], parent);
    expect(await init.exited).toEqual({ code: 0, signal: null });
    const dir = join(parent, 'app');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => resolve({ code, output }));
      });
    const build = await run([join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    expect(build).toEqual({ code: 0, output: '' });
    const test = await run(['--test', 'dist/test/*.test.js']);
    expect(test.output).toMatch(/pass 1\n[\s\S]*fail 0\n/);
    expect(test.code).toBe(0);
    const serve = cortex(['serve'], dir, { CORTEX_HTTP_PORT: '0' });
    const url = await serve.listening;
    const greeted = await fetch(`${url}/api/v1/tools/greet.hello`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(((await greeted.json()) as { structured: unknown }).structured).toEqual({ text: 'Hello, Ada!' });
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
  });
});
