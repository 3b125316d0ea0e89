import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { cliExitCodes, describeConfig, parseCliArgs, type RunCliOptions, runCli } from '@cortex-os/cli';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';

/** Runs a command line in-process with a fresh working folder and home. */
async function cortex(
  argv: string[],
  env: Record<string, string> = {},
  cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-')),
  options: RunCliOptions = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const home = mkdtempSync(join(tmpdir(), 'cortex-home-'));
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { CORTEX_HOME: home, ...env }, cwd }, options);
  return { code, out, err, cwd, home };
}

describe('cortex command line', () => {
  it('rejects unknown commands, flags and stray arguments as usage errors (exit 2)', async () => {
    for (const [argv, pattern] of [
      [['serv'], /CLI_USAGE: Unknown command "serv" \(known: init, serve, mcp, doctor, config, help, version\)/],
      [['serve', '--port', '1'], /CLI_USAGE: Unknown option '--port'/],
      [['config', '--config'], /CLI_USAGE: Option '-c, --config <value>' argument missing/],
      [['init', 'a-dir', 'extra'], /CLI_USAGE: Unexpected argument "extra" after "init"/],
      [['serve', 'extra'], /CLI_USAGE: Unexpected argument "extra" after "serve"/],
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

  it('prints its own package version for version, --version and -v', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const argv of [['version'], ['--version'], ['-v'], ['serve', '--version']]) {
      const run = await cortex(argv);
      expect(run).toMatchObject({ code: 0, out: [version], err: [] });
    }
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
    expect(run.err.join('\n')).toMatch(
      /RUNTIME_CONFIG_INVALID[\s\S]*"memroy" is not a plugin of this runtime. Did you mean "memory"\?[\s\S]*CORTEX_HTTP_PORT: expected a number/,
    );
    expect(run.err.join('\n')).toContain(`${join(cwd, 'cortex.config.json')} http.prot: unknown option. Did you mean "port"?`);
    const missing = await cortex(['config', '--config', 'nope.json']);
    expect(missing.code).toBe(cliExitCodes.config);
    expect(missing.err[0]).toMatch(/^cortex: RUNTIME_CONFIG_FILE_UNREADABLE: Cannot read runtime configuration file .*nope\.json/);
    const relativeHome = await cortex(['config'], { CORTEX_HOME: 'relative/home' });
    expect(relativeHome.err[0]).toBe('cortex: HOME_INVALID: CORTEX_HOME must be an absolute path, got "relative/home".');
    expect(relativeHome.code).toBe(cliExitCodes.config);
  });

  it('doctor passes on a free port and a writable home, and names a busy port (exit 1)', async () => {
    const ok = await cortex(['doctor'], { CORTEX_HTTP_PORT: '0' });
    expect(ok.out.join('\n')).toMatch(
      /ok {7}node: [\s\S]*ok {7}config: no file[\s\S]*ok {7}home: .* writable, \d+ MB free[\s\S]*ok {7}native: better-sqlite3, usearch, @ast-grep\/napi load[\s\S]*ok {7}port: port 0/,
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

describe('the runtime cortex assembles', () => {
  it('config lists the default plugins, each opt-in plugin the configuration names, and data under the home', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ energy: { wattsPerCore: 5 }, router: { preferLocal: true } }));
    const run = await cortex(['config'], { CORTEX_OLLAMA_BASE_URL: 'http://127.0.0.1:11434' }, cwd);
    expect(run.code).toBe(0);
    const lines = run.out.join('\n');
    expect(lines).toContain(
      'plugins = ["http","health","memory","router","local-embedders","mcp","ollama","energy"]  (defaults, plus each opt-in plugin the configuration names)',
    );
    expect(lines).toContain(`memory.dataDir = ${JSON.stringify(join(run.home, 'memory'))}  (default)`);
    expect(lines).toContain('mcp.http.path = "/mcp"  (default)');
    expect(lines).toContain(`energy.wattsPerCore = 5  (file ${join(cwd, 'cortex.config.json')})`);
    expect(lines).toContain('ollama.baseUrl = "http://127.0.0.1:11434"  (env CORTEX_OLLAMA_BASE_URL)');
    expect(lines).not.toMatch(/^(toolkit|agents|openai|mlx)\./m);
  });

  it('refuses misspelt variables and unknown keys of any plugin, naming the closest valid one (exit 3)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ mcp: { http: { pth: '/m' } }, toolkit: { maxResult: 5 } }));
    const run = await cortex(['serve'], { CORTEX_HTPP_PORT: '0', CORTEX_ROUTER_PREFER_LOCALL: 'true', CORTEX_HOEM: '/x' }, cwd);
    expect(run.code).toBe(cliExitCodes.config);
    const file = join(cwd, 'cortex.config.json');
    for (const problem of [
      'CORTEX_HTPP_PORT: not a variable of this runtime. Did you mean CORTEX_HTTP_PORT?',
      'CORTEX_HOEM: not a variable of this runtime. Did you mean CORTEX_HOME?',
      'CORTEX_ROUTER_PREFER_LOCALL: router has no option router.preferLocall. Did you mean CORTEX_ROUTER_PREFER_LOCAL?',
      `${file} mcp.http.pth: unknown option. Did you mean "path"?`,
      `${file} toolkit.maxResult: unknown option. Did you mean "maxResults"?`,
    ]) {
      expect(run.err.join('\n')).toContain(problem);
    }
  });

  it('mcp reports a start failure as one line on stderr and writes nothing on stdout', async () => {
    const run = await cortex(['mcp'], { CORTEX_HTTP_PORT: 'x', CORTEX_MEMORY_DATA_DRI: '/m' });
    expect(run.code).toBe(cliExitCodes.config);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(
      /^cortex: RUNTIME_CONFIG_INVALID: Invalid runtime configuration: CORTEX_HTTP_PORT: expected a number, got "x"; CORTEX_MEMORY_DATA_DRI: memory has no option memory.dataDri. Did you mean CORTEX_MEMORY_DATA_DIR\?$/,
    );
  });

  it('serve runs memory on SQLite under the home, tools over REST and MCP on one server, and stops cleanly', async () => {
    let checked: Promise<void> = Promise.resolve();
    const run = await cortex(['serve'], { CORTEX_HTTP_PORT: '0' }, undefined, {
      signals: false,
      onStarted: (runtime) => {
        checked = (async () => {
          const url = runtime.address?.url as string;
          expect((await fetch(`${url}/health`)).status).toBe(200);
          const call = (tool: string, input: unknown) =>
            fetch(`${url}/api/v1/tools/${tool}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(input),
            });
          const stored = await call('memory.store', { memory: { text: 'The deploy key rotates every 90 days' } });
          expect(stored.status).toBe(200);
          const body = (await stored.json()) as { tool: string; structured: { memories: { id: string }[] } };
          expect(body.tool).toBe('memory.store');
          const got = await call('memory.get', { id: body.structured.memories[0]?.id });
          expect(JSON.stringify(await got.json())).toContain('The deploy key rotates every 90 days');
          const mcp = await fetch(`${url}/mcp`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 1,
              method: 'initialize',
              params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'unit', version: '1.0.0' } },
            }),
          });
          expect(mcp.status).toBe(200);
          expect(await mcp.text()).toContain('"serverInfo":{"name":"cortex-os"');
        })().finally(() => runtime.stop());
      },
    });
    await checked;
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.out[1]).toMatch(/^mcp http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(run.err).toContain(`plugins http, health, memory, router, local-embedders, mcp`);
    expect(existsSync(join(run.home, 'memory', 'memories.sqlite'))).toBe(true);
  });
});

describe('every opt-in plugin', () => {
  it('serve starts ollama, openai, mlx, agents, energy and toolkit when the file names them, without reaching any provider', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(
      join(cwd, 'cortex.config.json'),
      JSON.stringify({
        http: { port: 0 },
        // Port 9 (discard) on loopback: configured, never contacted at start.
        ollama: { baseUrl: 'http://127.0.0.1:9' },
        openai: { baseUrl: 'http://127.0.0.1:9/v1' },
        mlx: {},
        agents: { maxDepth: 2 },
        energy: {},
        toolkit: { roots: [cwd] },
      }),
    );
    let seen: { plugins: string[]; tools: string[] } | undefined;
    const run = await cortex(['serve'], {}, cwd, {
      signals: false,
      onStarted: (runtime) => {
        seen = {
          plugins: runtime.kernel.describe().plugins.map((plugin) => plugin.name),
          tools: runtime.kernel.tools.list().map((tool) => tool.name),
        };
        void runtime.stop();
      },
    });
    expect(run.code).toBe(0);
    expect(seen?.plugins.toSorted()).toEqual(
      ['agents', 'energy', 'health', 'http', 'local-embedders', 'mcp', 'memory', 'mlx', 'ollama', 'openai', 'router', 'toolkit'].toSorted(),
    );
    expect(seen?.tools).toEqual(expect.arrayContaining(['energy.report', 'toolkit.search', 'memory.store']));
    expect(run.err.join('\n')).not.toContain('no generating model is configured');
  });

  it('serve runs tasks with its SQLite file under the home (default) when the file names the slot, its REST API on the one server', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { port: 0 }, agents: {}, tasks: { leaseMs: 5000 } }));
    let seen: { plugins: string[]; tools: string[]; status: number } | undefined;
    const run = await cortex(['serve'], {}, cwd, {
      signals: false,
      onStarted: async (runtime) => {
        try {
          const listed = await fetch(`${runtime.address?.url}/api/v1/tasks`);
          seen = {
            plugins: runtime.kernel.describe().plugins.map((plugin) => plugin.name),
            tools: runtime.kernel.tools.list().map((tool) => tool.name),
            status: listed.status,
          };
        } finally {
          await runtime.stop();
        }
      },
    });
    expect(run.code).toBe(0);
    expect(seen?.plugins).toEqual(expect.arrayContaining(['tasks', 'agents']));
    expect(seen?.tools.filter((name) => name.startsWith('tasks.')).length).toBeGreaterThan(0);
    expect(seen?.status).toBe(200);
    expect(existsSync(join(run.home, 'tasks', 'tasks.sqlite'))).toBe(true);
  });

  it('serve runs the events plugin with its log under the home when the file names the slot: POST and GET /a2a/events', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { port: 0 }, events: { record: ['memory.*'] } }));
    let answers: { posted: number; listed: unknown } | undefined;
    const run = await cortex(['serve'], {}, cwd, {
      signals: false,
      onStarted: async (runtime) => {
        try {
          const url = runtime.address?.url;
          const body = JSON.stringify({ id: 'c-1', data: { id: 'nope' } });
          const posted = await fetch(`${url}/a2a/events/memory.stored`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const listed = await (await fetch(`${url}/a2a/events?type=memory.*`)).json();
          answers = { posted: posted.status, listed };
        } finally {
          await runtime.stop();
        }
      },
    });
    expect(run.code).toBe(0);
    // memory.stored's contract wants more than an id: the endpoint validates against the registered contract.
    expect(answers).toEqual({ posted: 400, listed: { events: [] } });
    expect(existsSync(join(run.home, 'events', 'events.sqlite'))).toBe(true);
  });

  it('config shows the tasks file under the home as a CLI default, a variable overriding it, and refuses an unknown tasks key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ tasks: {} }));
    const shown = await cortex(['config'], {}, cwd);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`tasks.file = ${JSON.stringify(join(shown.home, 'tasks', 'tasks.sqlite'))}  (default)`);
    const moved = await cortex(['config'], { CORTEX_TASKS_FILE: '/srv/tasks.sqlite' }, cwd);
    expect(moved.out.join('\n')).toMatch(/tasks\.file = "\/srv\/tasks\.sqlite" +\(env CORTEX_TASKS_FILE\)/);
    writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ tasks: { leaseMS: 1 } }));
    const refused = await cortex(['config'], {}, cwd);
    expect(refused.code).toBe(cliExitCodes.config);
    expect(refused.err.join('\n')).toMatch(/tasks\.leaseMS: unknown option\. Did you mean "leaseMs"\?/);
  });
});

describe('two runtimes on one home', () => {
  it('the second fails with the lock holder named and what to do in cortex terms (exit 1)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cortex-home-'));
    let second: Awaited<ReturnType<typeof cortex>> | undefined;
    const first = await cortex(['serve'], { CORTEX_HTTP_PORT: '0', CORTEX_HOME: home }, undefined, {
      signals: false,
      onStarted: (runtime) => {
        void cortex(['serve'], { CORTEX_HTTP_PORT: '0', CORTEX_HOME: home })
          .then((run) => {
            second = run;
          })
          .finally(() => runtime.stop());
      },
    });
    expect(first.code).toBe(0);
    expect(second?.code).toBe(cliExitCodes.failure);
    expect(second?.err.at(-1)).toMatch(
      /^cortex: KERNEL_START_FAILED: [\s\S]*MEMORY_DATA_DIR_LOCKED[\s\S]* With cortex: give the second runtime another home \(CORTEX_HOME=\/another\/folder\), or open memory read-only/,
    );
  });
});

describe('print flags', () => {
  it('serve --print-config prints the resolved configuration of the plugins it would run, secrets redacted, without starting', async () => {
    const run = await cortex(['serve', '--print-config'], {
      CORTEX_HTTP_AUTH__TOKENS: 'secret-token-0123456789',
      CORTEX_ENERGY_RAPL: 'false',
    });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.out.join('\n')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(printed)).toEqual(['http', 'health', 'memory', 'router', 'local-embedders', 'mcp', 'energy']);
    expect(printed['http']?.['auth']).toMatchObject({ tokens: '<redacted>' });
    expect(printed['memory']?.['dataDir']).toBe(join(run.home, 'memory'));
    expect(printed['energy']?.['rapl']).toBe(false);
    expect(run.out.join('\n')).not.toContain('secret-token-0123456789');
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    const remote = {
      name: 'docs',
      transport: { type: 'http', url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer remote-secret' } },
    };
    writeFileSync(
      join(cwd, 'cortex.config.json'),
      JSON.stringify({ mcp: { remotes: [remote] }, plugins: [{ module: './p.mjs', options: { apiKey: 'user-secret', region: 'eu' } }] }),
    );
    const nested = await cortex(['serve', '--print-config'], {}, cwd);
    const parsed = JSON.parse(nested.out.join('\n')) as { mcp: { remotes: unknown[] }; plugins: unknown[] };
    expect(parsed.mcp.remotes).toEqual([{ ...remote, transport: { ...remote.transport, headers: { Authorization: '<redacted>' } } }]);
    expect(parsed.plugins).toEqual([{ module: './p.mjs', export: 'default', options: { apiKey: '<redacted>', region: 'eu' } }]);
    const mcp = await cortex(['mcp', '--print-config']);
    expect(Object.keys(JSON.parse(mcp.out.join('\n')) as object)).toEqual(['memory', 'router', 'local-embedders', 'mcp']);
  });

  it("mcp --print-client-config prints each client's documented shape with absolute paths and the home", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    writeFileSync(join(cwd, 'my.json'), '{}');
    for (const client of ['claude', 'cursor', 'vscode'] as const) {
      const run = await cortex(['mcp', '--print-client-config', '--client', client, '--config', 'my.json'], {}, cwd);
      expect(run.code).toBe(0);
      const printed = JSON.parse(run.out.join('\n')) as Record<
        string,
        { cortex: { command: string; args: string[]; env: object; type?: string } }
      >;
      const server = client === 'vscode' ? printed['servers']?.cortex : printed['mcpServers']?.cortex;
      expect(server?.command).toBe(process.execPath);
      expect(server?.args[0]).toMatch(/[/\\]bin[/\\]cortex\.js$/);
      expect(isAbsolute(server?.args[0] ?? '')).toBe(true);
      expect(server?.args.slice(1)).toEqual(['mcp', '--config', join(cwd, 'my.json')]);
      expect(server?.env).toEqual({ CORTEX_HOME: run.home });
      expect(server?.type).toBe(client === 'vscode' ? 'stdio' : undefined);
    }
  });

  it('refuses flags a command does not take, and a missing or unknown client (exit 2)', async () => {
    for (const [argv, message] of [
      [['config', '--print-config'], '"config" takes no --print-config (it belongs to: serve, mcp)'],
      [['serve', '--print-client-config', '--client', 'claude'], '"serve" takes no --print-client-config (it belongs to: mcp)'],
      [['mcp', '--print-client-config'], '--print-client-config needs --client claude|cursor|vscode (got none)'],
      [['mcp', '--print-client-config', '--client', 'zed'], '--print-client-config needs --client claude|cursor|vscode (got "zed")'],
      [['mcp', '--client', 'claude'], '--client goes with --print-client-config'],
      [['serve', '--force'], '"serve" takes no --force (it belongs to: init)'],
    ] as const) {
      const run = await cortex([...argv]);
      expect(run.code).toBe(cliExitCodes.usage);
      expect(run.err[0]).toBe(`cortex: CLI_USAGE: ${message}. Run \`cortex help\`.`);
    }
  });
});

describe('user plugins by module path', () => {
  const fixtures = join(import.meta.dirname, 'fixtures');

  it('serve loads a plugin module named relative to the configuration file and passes its options', async () => {
    const file = join(fixtures, 'shout.config.json');
    writeFileSync(
      file,
      JSON.stringify({ http: { port: 0 }, plugins: [{ module: './shoutPlugin.mjs', export: 'shoutPlugin', options: { suffix: '?!' } }] }),
    );
    onTestFinished(() => rmSync(file));
    let answer: unknown;
    const run = await cortex(['serve', '--config', file], {}, undefined, {
      signals: false,
      onStarted: (runtime) => {
        void fetch(`${runtime.address?.url}/api/v1/tools/shout.say`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'hey' }),
        })
          .then(async (response) => {
            answer = ((await response.json()) as { structured: unknown }).structured;
          })
          .finally(() => runtime.stop());
      },
    });
    expect(run.code).toBe(0);
    expect(answer).toEqual({ loud: 'HEY?!' });
    expect(run.err).toContain('plugins http, health, memory, router, local-embedders, mcp, shout');
  });

  it("names the module and why when it cannot be used, and a plugin's own option errors (exit 3)", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    const shout = join(fixtures, 'shoutPlugin.mjs');
    for (const [plugins, message] of [
      [
        [{ module: './missing.mjs' }],
        /^cortex: CLI_PLUGIN_UNLOADABLE: Plugin module \.\/missing\.mjs cannot be used: import failed \(Cannot find module .*missing\.mjs/,
      ],
      [
        [{ module: shout, export: 'notAPlugin' }],
        /CLI_PLUGIN_UNLOADABLE: .* export "notAPlugin" is not a plugin factory made by definePlugin \(its plugin factories: shoutPlugin\)\.$/,
      ],
      [[{ module: shout }], /export "default" is not a plugin factory/],
      [[{ module: shout, export: 'shoutPlugin', options: { sufix: 'x' } }], /^cortex: KERNEL_ASSEMBLY_FAILED: [\s\S]*shout[\s\S]*sufix/],
      [[{ modul: shout }], /plugins\.0\.modul: unknown option\. Did you mean "module"\?/],
    ] as const) {
      writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { port: 0 }, plugins }));
      const run = await cortex(['serve'], {}, cwd, { signals: false });
      expect(run.code).toBe(cliExitCodes.config);
      expect(run.err.join('\n')).toMatch(message);
      expect(run.err.join('\n')).not.toMatch(/\n\s+at /);
    }
  });
});

describe('doctor and the configured providers', () => {
  it('checks each configured provider endpoint with a TCP connection that sends nothing', async () => {
    const received: Buffer[] = [];
    const listening = createServer((socket) => socket.on('data', (chunk: Buffer) => received.push(chunk)));
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    try {
      const open = `http://127.0.0.1:${(listening.address() as { port: number }).port}`;
      const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
      writeFileSync(
        join(cwd, 'cortex.config.json'),
        JSON.stringify({ http: { port: 0 }, ollama: { baseUrl: open }, openai: { baseUrl: `http://127.0.0.1:${closedPort}/v1` } }),
      );
      const run = await cortex(['doctor'], {}, cwd);
      const lines = run.out.join('\n');
      expect(lines).toContain(`ok       provider ollama: ${open} reachable (nothing sent)`);
      expect(lines).toContain(
        `PROBLEM  provider openai: http://127.0.0.1:${closedPort}/v1 is not reachable (ECONNREFUSED): start it or fix the URL.`,
      );
      expect(run.code).toBe(cliExitCodes.failure);
      expect(received).toEqual([]);
      writeFileSync(join(cwd, 'cortex.config.json'), JSON.stringify({ http: { port: 0 }, ollama: {} }));
      const bare = await cortex(['doctor'], {}, cwd);
      expect(bare.out.join('\n')).toContain(
        'PROBLEM  provider ollama: configured without an endpoint (baseUrl): it reports itself unavailable.',
      );
    } finally {
      await new Promise((resolve) => listening.close(resolve));
    }
  });
});

describe('configuration modules', () => {
  it('reads cortex.config.mjs (a default export, or a function returning one) like the JSON file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    const file = join(cwd, 'cortex.config.mjs');
    writeFileSync(file, 'export default async () => ({ http: { port: 9000 }, energy: { wattsPerCore: 7 } });\n');
    const run = await cortex(['config'], { CORTEX_HTTP_PORT: '9001' }, cwd);
    expect(run.code).toBe(0);
    const lines = run.out.join('\n');
    expect(lines).toContain(`energy.wattsPerCore = 7  (file ${file})`);
    expect(lines).toContain('http.port = 9001  (env CORTEX_HTTP_PORT)');
    writeFileSync(join(cwd, 'other.mjs'), 'export default { http: { prot: 1 } };\n');
    const typo = await cortex(['config', '--config', 'other.mjs'], {}, cwd);
    expect(typo.code).toBe(cliExitCodes.config);
    expect(typo.err.join('\n')).toContain(`${join(cwd, 'other.mjs')} http.prot: unknown option. Did you mean "port"?`);
  });

  it('names a module that cannot be imported or exports no object (exit 3)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    for (const [source, reason] of [
      ['export default 42;\n', 'its default export is not an object keyed by plugin name'],
      ['export default {\n', ''],
      ['throw new Error("boom");\n', 'boom.'],
    ] as const) {
      const file = join(cwd, `c${Math.abs(source.length)}.mjs`);
      writeFileSync(file, source);
      const run = await cortex(['serve', '--config', file], {}, cwd);
      expect(run.code).toBe(cliExitCodes.config);
      expect(run.err[0]).toContain(`cortex: CLI_CONFIG_MODULE_INVALID: Configuration module ${file} cannot be used: ${reason}`);
      expect(run.err.join('\n')).not.toMatch(/\n\s+at /);
    }
  });
});

describe('cortex init <dir>', () => {
  it('writes a project whose manifest asks for the versions this CLI runs with, and refuses a non-empty folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cortex-cli-'));
    const run = await cortex(['init', 'My Runtime'], {}, cwd);
    expect(run.code).toBe(0);
    const dir = join(cwd, 'My Runtime');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    expect(manifest.name).toBe('my-runtime');
    expect(manifest.dependencies['@cortex-os/kernel']).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(readFileSync(join(dir, 'src', 'greetPlugin.ts'), 'utf8')).toContain("name: 'greet.hello'");
    expect(existsSync(join(dir, 'test', 'greetPlugin.test.ts'))).toBe(true);
    // The scaffold's configuration is valid for this CLI, and names the user plugin.
    const config = await cortex(['config'], {}, dir);
    expect(config.code).toBe(0);
    expect(config.out.join('\n')).toContain(
      'plugins = [{"module":"./dist/src/greetPlugin.js","export":"greetPlugin","options":{"greeting":"Hello"}}]',
    );
    const again = await cortex(['init', 'My Runtime'], {}, cwd);
    expect(again.code).toBe(cliExitCodes.config);
    expect(again.err[0]).toBe(
      `cortex: CLI_CONFIG_EXISTS: Folder ${dir} is not empty; cortex init writes a new project into an empty folder.`,
    );
  });
});

describe('parseCliArgs', () => {
  it('accepts every known command with --config and --force in any order (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('init', 'serve', 'mcp', 'doctor', 'config'),
        fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}$/),
        fc.boolean(),
        (command, file, flag) => {
          // Each command's own boolean flag: --force for init, --print-config for serve and mcp.
          const force = flag && command === 'init';
          const printConfig = flag && (command === 'serve' || command === 'mcp');
          const flags = ['--config', file, ...(force ? ['--force'] : []), ...(printConfig ? ['--print-config'] : [])];
          const expected = { command, config: file, dir: undefined, force, printConfig, printClientConfig: undefined, quiet: false };
          expect(parseCliArgs([...flags, command])).toEqual(expected);
          expect(parseCliArgs([command, ...flags])).toEqual(expected);
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
