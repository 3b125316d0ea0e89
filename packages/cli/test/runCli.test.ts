import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliExitCodes, describeConfig, parseCliArgs, runCli } from '@cortex-os/cli';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Runs a command line in-process with a fresh working folder and home. */
async function cortex(argv: string[], env: Record<string, string> = {}, cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'))) {
  const out: string[] = [];
  const err: string[] = [];
  const home = mkdtempSync(join(tmpdir(), 'cortex-home-'));
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { CORTEX_HOME: home, ...env }, cwd });
  return { code, out, err, cwd, home };
}

describe('cortex command line', () => {
  it('rejects unknown commands, flags and stray arguments as usage errors (exit 2)', async () => {
    for (const [argv, pattern] of [
      [['serv'], /CLI_USAGE: Unknown command "serv" \(known: init, serve, doctor, config, help\)/],
      [['serve', '--port', '1'], /CLI_USAGE: Unknown option '--port'/],
      [['config', '--config'], /CLI_USAGE: Option '-c, --config <value>' argument missing/],
      [['init', 'extra'], /CLI_USAGE: Unexpected argument "extra" after "init"/],
    ] as const) {
      const run = await cortex([...argv]);
      expect(run.code).toBe(cliExitCodes.usage);
      expect(run.err.join('\n')).toMatch(pattern);
      expect(run.err.join('\n')).not.toMatch(/\n\s+at /);
    }
  });

  it('prints help with the exit codes', async () => {
    const run = await cortex([]);
    expect(run.code).toBe(0);
    expect(run.out.join('\n')).toMatch(/Exit codes: 0 ok, 1 failure, 2 usage, 3 configuration/);
    expect((await cortex(['serve', '--help'])).out.join('\n')).toMatch(/^Usage: cortex/);
  });

  it('init writes a loopback configuration and refuses to overwrite it without --force', async () => {
    const first = await cortex(['init']);
    expect(first.code).toBe(0);
    const file = join(first.cwd, 'cortex.config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ http: { host: '127.0.0.1', port: 8080 }, health: {} });
    const again = await cortex(['init'], {}, first.cwd);
    expect(again.code).toBe(cliExitCodes.config);
    expect(again.err[0]).toBe(`cortex: CLI_CONFIG_EXISTS: Configuration file ${file} already exists.`);
    expect((await cortex(['init', '--force'], {}, first.cwd)).code).toBe(0);
  });

  it('config prints each value with its source and redacts secrets', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { host: '127.0.0.1', port: 9000 } }));
    const run = await cortex(['config'], { CORTEX_HTTP_PORT: '9100', CORTEX_HTTP_AUTH__TOKENS: 'secret-token-0123456789' }, cwd);
    expect(run.code).toBe(0);
    const lines = run.out.join('\n');
    expect(lines).toContain(`home = ${JSON.stringify(run.home)}  (env CORTEX_HOME)`);
    expect(lines).toContain('http.port = 9100  (env CORTEX_HTTP_PORT)');
    expect(lines).toContain(`http.host = "127.0.0.1"  (file ${join(cwd, 'cortex.config.json')})`);
    expect(lines).toContain('http.drain.deadlineMs = 30000  (default)');
    expect(lines).toContain('http.auth.tokens = "<redacted>"  (env CORTEX_HTTP_AUTH__TOKENS)');
    expect(lines).not.toContain('secret-token-0123456789');
  });

  it('reports bad configuration with the variable or key named (exit 3)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { prot: 1 }, memroy: {} }));
    const run = await cortex(['config'], { CORTEX_HTTP_PORT: 'eighty' }, cwd);
    expect(run.code).toBe(cliExitCodes.config);
    expect(run.err.join('\n')).toMatch(/RUNTIME_CONFIG_INVALID[\s\S]*"memroy" is not a plugin[\s\S]*CORTEX_HTTP_PORT: expected a number/);
    const missing = await cortex(['config', '--config', 'nope.json']);
    expect(missing.code).toBe(cliExitCodes.config);
    expect(missing.err[0]).toMatch(/^cortex: RUNTIME_CONFIG_FILE_UNREADABLE: Cannot read runtime configuration file .*nope\.json/);
    const relativeHome = await cortex(['config'], { CORTEX_HOME: 'relative/home' });
    expect(relativeHome.err[0]).toBe('cortex: RUNTIME_HOME_INVALID: CORTEX_HOME must be an absolute path, got "relative/home".');
    expect(relativeHome.code).toBe(cliExitCodes.config);
  });

  it('doctor passes on a free port and a writable home, and names a busy port (exit 1)', async () => {
    const ok = await cortex(['doctor'], { CORTEX_HTTP_PORT: '0' });
    expect(ok.out.join('\n')).toMatch(
      /ok {7}node: [\s\S]*ok {7}config: no file[\s\S]*ok {7}home: .* writable, \d+ MB free[\s\S]*ok {7}port: port 0/,
    );
    expect(ok.code).toBe(0);
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      const run = await cortex(['doctor'], { CORTEX_HTTP_PORT: String(port) });
      expect(run.out.join('\n')).toContain(`PROBLEM  port: 127.0.0.1:${port} is not available (EADDRINUSE)`);
      expect(run.code).toBe(cliExitCodes.failure);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    // A home under a regular file cannot be created (ENOTDIR), whoever runs the test.
    const blocker = join(mkdtempSync(join(tmpdir(), 'cortex-cli-')), 'a-file');
    writeFileSync(blocker, '');
    const badConfig = await cortex(['doctor'], { CORTEX_HTTP_PORT: 'x', CORTEX_HOME: join(blocker, 'home') });
    expect(badConfig.out.join('\n')).toMatch(
      /PROBLEM {2}config: RUNTIME_CONFIG_INVALID[\s\S]*PROBLEM {2}home: cannot write there \(ENOTDIR\)/,
    );
    expect(badConfig.code).toBe(cliExitCodes.failure);
  });
});

describe('parseCliArgs', () => {
  it('accepts every known command with --config and --force in any order (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('init', 'serve', 'doctor', 'config'),
        fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}$/),
        fc.boolean(),
        (command, file, force) => {
          const flags = ['--config', file, ...(force ? ['--force'] : [])];
          expect(parseCliArgs([...flags, command])).toEqual({ command, config: file, force });
          expect(parseCliArgs([command, ...flags])).toEqual({ command, config: file, force });
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });
});

describe('describeConfig', () => {
  it('maps nested camelCase keys to the variables the loader reads', () => {
    const entries = describeConfig({ 'local-embedders': { weights: { semanticShare: 0.5 }, apiKey: 'k', tokens: [] } }, { env: {} });
    expect(entries).toEqual([
      {
        path: 'local-embedders.weights.semanticShare',
        value: 0.5,
        source: 'default',
        variable: 'CORTEX_LOCAL_EMBEDDERS_WEIGHTS__SEMANTIC_SHARE',
      },
      { path: 'local-embedders.apiKey', value: '<redacted>', source: 'default', variable: 'CORTEX_LOCAL_EMBEDDERS_API_KEY' },
      { path: 'local-embedders.tokens', value: [], source: 'default', variable: 'CORTEX_LOCAL_EMBEDDERS_TOKENS' },
    ]);
  });
});
