// Issue 22 "done when": every toolkit tool over MCP with a real SDK client on a fixture repository,
// with both search engines; the breaker and the time limit over MCP; unknown toolkit tools answered
// like every unknown tool (MCP -32602, REST 404 with a suggestion). ripgrep is required when CI=true.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ripgrepForTests } from '../support/ripgrepForTests.js';
import { createKernel, type Kernel, kernelErrorCatalogue } from '@cortex-os/kernel';
import { createTestLogger } from '@cortex-os/kernel/testing';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { Client, ProtocolError, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { type ToolkitPluginOptionsInput, toolkitErrorCatalogue, toolkitPlugin } from '@cortex-os/plugin-toolkit';
import { createSearchCorpus } from '../../packages/plugin-toolkit/test/search/searchCorpus.js';

const ripgrep = await ripgrepForTests('the toolkit MCP tests on ripgrep are');

// Biome is the repository's own linter (a root devDependency), so CI has it.
const biomeBin = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'biome');

interface Runtime {
  readonly kernel: Kernel;
  readonly base: string;
  readonly client: Client;
}

async function startRuntime(options: ToolkitPluginOptionsInput): Promise<Runtime> {
  const kernel = createKernel({
    logger: createTestLogger({ level: 'error' }).logger,
    plugins: [
      httpPlugin({
        host: '127.0.0.1',
        port: 0,
        metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
        tracing: { enabled: false },
      }),
      toolkitPlugin(options),
      mcpPlugin({ http: { path: '/mcp' } }),
    ],
  });
  await kernel.start();
  const base = (await kernel.get(httpServiceToken).listen()).url;
  const client = new Client({ name: 'toolkit-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  return { kernel, base, client };
}

async function stopRuntime(runtime: Runtime | undefined): Promise<void> {
  await runtime?.client.close();
  await runtime?.kernel.stop();
}

const engines = [
  { engine: 'ripgrep' as const, skip: ripgrep === undefined },
  { engine: 'builtin' as const, skip: false },
];

describe.each(engines)('toolkit tools over MCP on $engine', ({ engine, skip }) => {
  let corpus: Awaited<ReturnType<typeof createSearchCorpus>> | undefined;
  let runtime: Runtime | undefined;

  beforeAll(async () => {
    if (skip) return;
    corpus = await createSearchCorpus();
    // A small TypeScript project inside the root, for validate and codemap.
    await mkdir(join(corpus.root, 'tsproj', 'src'), { recursive: true });
    await writeFile(
      join(corpus.root, 'tsproj', 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true, types: [] }, include: ['src'] }),
    );
    await writeFile(
      join(corpus.root, 'tsproj', 'src', 'main.ts'),
      "import { helper } from './helper.js';\nexport const answer: number = helper();\n",
    );
    await writeFile(join(corpus.root, 'tsproj', 'src', 'helper.ts'), "export function helper(): string { return 'forty-two'; }\n");
    await mkdir(join(corpus.root, 'linted'));
    await writeFile(join(corpus.root, 'linted', 'bad.js'), 'if (answer == 2) {\n  debugger;\n}\n');
    const linters = { biome: { command: biomeBin, args: ['lint', '--reporter=json'], format: 'biome-json' as const } };
    runtime = await startRuntime({ roots: [{ path: corpus.root, name: 'repo' }], engine, maxFileBytes: 4096, linters });
  });
  afterAll(async () => {
    await stopRuntime(runtime);
    await corpus?.[Symbol.asyncDispose]();
  });

  it.skipIf(skip)('lists the tools as read-only', async () => {
    const { tools } = await (runtime as Runtime).client.listTools();
    const toolkit = tools.filter((tool) => tool.name.startsWith('toolkit.'));
    expect(toolkit.map((tool) => [tool.name, tool.annotations?.readOnlyHint, tool.annotations?.destructiveHint])).toEqual([
      ['toolkit.codemap', true, undefined],
      ['toolkit.codemod', false, true],
      ['toolkit.multi_search', true, undefined],
      ['toolkit.search', true, undefined],
      ['toolkit.validate', true, undefined],
    ]);
  });

  it.skipIf(skip)('searches with context, paths relative to the root', async () => {
    const result = await (runtime as Runtime).client.callTool({
      name: 'toolkit.search',
      arguments: { pattern: 'needle (?:three|five)', include: ['context.ts'], context: 1 },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      engine,
      root: 'repo',
      pattern: 'needle (?:three|five)',
      truncated: false,
      matches: [
        { path: 'context.ts', line: 3, text: 'needle three', submatches: [{ start: 0, end: 12 }], before: ['two'], after: ['four'] },
        { path: 'context.ts', line: 5, text: 'needle five', submatches: [{ start: 0, end: 11 }], before: ['four'], after: ['six'] },
      ],
    });
  });

  it.skipIf(skip)('groups several patterns in one pass', async () => {
    const result = await (runtime as Runtime).client.callTool({
      name: 'toolkit.multi_search',
      arguments: { patterns: ['alpha', 'Alpha', 'zzz'], ignoreCase: false, exclude: ['a/'] },
    });
    const results = (result.structuredContent as { results: { pattern: string; matches: { path: string }[] }[] }).results;
    expect(results.map((r) => [r.pattern, r.matches.map((m) => m.path)])).toEqual([
      ['alpha', ['a-b.ts', 'a.ts', 'a_b.ts']],
      ['Alpha', ['A.ts']],
      ['zzz', []],
    ]);
  });

  it.skipIf(skip)('refuses paths and links outside the root, naming them relative to it', async () => {
    for (const [path, text] of [
      ['../outside/secret.ts', 'path "../outside/secret.ts" is outside workspace root "repo"'],
      ['escape', 'path "escape" is outside workspace root "repo" through a symbolic link'],
    ]) {
      const result = await (runtime as Runtime).client.callTool({ name: 'toolkit.search', arguments: { pattern: 'needle', path } });
      expect(result).toMatchObject({
        isError: true,
        content: [{ type: 'text', text }],
        _meta: { 'cortex-os/errorCode': 'TOOLKIT_PATH_OUTSIDE_ROOT' },
      });
      expect(JSON.stringify(result)).not.toContain((corpus as { root: string }).root);
    }
  });

  it.skipIf(skip)('refuses patterns outside the dialect with a typed error', async () => {
    const result = await (runtime as Runtime).client.callTool({ name: 'toolkit.search', arguments: { pattern: '(?<=a)b' } });
    expect(result).toMatchObject({ isError: true, _meta: { 'cortex-os/errorCode': 'TOOLKIT_PATTERN_UNSUPPORTED' } });
  });

  it.skipIf(skip)('answers an unknown toolkit tool like every unknown tool', async () => {
    const error = await (runtime as Runtime).client.callTool({ name: 'toolkit.serch', arguments: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32602);
    expect((error as ProtocolError).message).toContain('Unknown tool "toolkit.serch". Did you mean "toolkit.search"?');
    const rest = await fetch(`${(runtime as Runtime).base}/api/v1/tools/toolkit.serch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(rest.status).toBe(404);
    expect(await rest.json()).toMatchObject({
      code: 'TOOL_UNKNOWN',
      detail: 'Unknown tool "toolkit.serch". Did you mean "toolkit.search"?',
    });
  });

  it.skipIf(skip)('type-checks a project with toolkit.validate', async () => {
    const result = await (runtime as Runtime).client.callTool({ name: 'toolkit.validate', arguments: { project: 'tsproj/tsconfig.json' } });
    expect(result.structuredContent).toEqual({
      root: 'repo',
      project: 'tsproj/tsconfig.json',
      files: 2,
      errors: 1,
      truncated: false,
      diagnostics: [
        {
          path: 'tsproj/src/main.ts',
          line: 2,
          column: 14,
          source: 'typescript',
          code: 2322,
          category: 'error',
          message: "Type 'string' is not assignable to type 'number'.",
        },
      ],
    });
  });

  it.skipIf(skip)('runs an allow-listed linter (Biome) with toolkit.validate, and refuses others', async () => {
    const client = (runtime as Runtime).client;
    const result = await client.callTool({
      name: 'toolkit.validate',
      arguments: { typescript: false, linters: ['biome'], paths: ['linted'] },
    });
    const diagnostics = (
      result.structuredContent as { diagnostics: { path: string; line: number; source: string; rule: string; category: string }[] }
    ).diagnostics;
    expect(diagnostics.map((d) => [d.path, d.line, d.source, d.rule, d.category])).toEqual([
      ['linted/bad.js', 1, 'biome', 'lint/suspicious/noDoubleEquals', 'error'],
      ['linted/bad.js', 2, 'biome', 'lint/suspicious/noDebugger', 'error'],
    ]);
    const refused = await client.callTool({ name: 'toolkit.validate', arguments: { typescript: false, linters: ['eslint'] } });
    expect(refused).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'linter "eslint" is not in the allow-list; allowed: biome' }],
      _meta: { 'cortex-os/errorCode': 'TOOLKIT_LINTER_NOT_ALLOWED' },
    });
  });

  it.skipIf(skip)('maps a project with toolkit.codemap', async () => {
    const result = await (runtime as Runtime).client.callTool({ name: 'toolkit.codemap', arguments: { project: 'tsproj/tsconfig.json' } });
    expect(result.structuredContent).toEqual({
      root: 'repo',
      project: 'tsproj/tsconfig.json',
      truncated: false,
      modules: [
        { path: 'tsproj/src/helper.ts', exports: [{ name: 'helper', kind: 'function' }], imports: [] },
        {
          path: 'tsproj/src/main.ts',
          exports: [{ name: 'answer', kind: 'variable' }],
          imports: [{ specifier: './helper.js', resolved: 'tsproj/src/helper.ts', names: ['helper'] }],
        },
      ],
    });
  });

  // Last in this block: applying changes the fixture.
  it.skipIf(skip)('rewrites structurally with toolkit.codemod: a dry run, then applied', async () => {
    const client = (runtime as Runtime).client;
    const args = { pattern: 'helper()', rewrite: 'helper().length', path: 'tsproj' };
    const dry = await client.callTool({ name: 'toolkit.codemod', arguments: args });
    expect(dry.structuredContent).toEqual({
      root: 'repo',
      applied: false,
      truncated: false,
      files: [{ path: 'tsproj/src/main.ts', replacements: 1 }],
      diff: "--- a/tsproj/src/main.ts\n+++ b/tsproj/src/main.ts\n@@ -1,2 +1,2 @@\n import { helper } from './helper.js';\n-export const answer: number = helper();\n+export const answer: number = helper().length;\n",
    });
    const applied = await client.callTool({ name: 'toolkit.codemod', arguments: { ...args, apply: true } });
    expect(applied.structuredContent).toMatchObject({ applied: true, files: [{ path: 'tsproj/src/main.ts', replacements: 1 }] });
    const validated = await client.callTool({ name: 'toolkit.validate', arguments: { project: 'tsproj/tsconfig.json' } });
    expect(validated.structuredContent).toMatchObject({ errors: 0, diagnostics: [] });
  });

  it.skipIf(skip)('serves the same tool over REST', async () => {
    const response = await fetch(`${(runtime as Runtime).base}/api/v1/tools/toolkit.search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pattern: 'needle', path: 'sub' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ structured: { engine, matches: [{ path: 'sub/anchored.txt', line: 1 }] } });
  });
});

describe('toolkit resilience over MCP (a stand-in ripgrep)', () => {
  let base: string;
  let runtime: Runtime | undefined;

  /** A stand-in `rg` that answers `--version` as ripgrep and then does what `body` says. */
  async function standIn(name: string, body: string): Promise<string> {
    const path = join(base, name);
    await writeFile(
      path,
      `#!/usr/bin/env node\nif (process.argv.includes('--version')) { console.log('ripgrep 13.0.0'); process.exit(0); }\n${body}\n`,
    );
    await chmod(path, 0o755);
    return path;
  }

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'toolkit-mcp-'));
  });
  afterAll(async () => {
    await stopRuntime(runtime);
    await rm(base, { recursive: true, force: true });
  });

  it('opens the per-tool breaker after 5 consecutive failures', async () => {
    const ripgrepPath = await standIn('failing-rg', "process.stderr.write('boom\\n'); process.exit(2);");
    runtime = await startRuntime({ roots: [base], engine: 'ripgrep', ripgrepPath, breakerHalfOpenAfterMs: 60_000 });
    const codes: unknown[] = [];
    for (let call = 0; call < 6; call += 1) {
      const result = await runtime.client.callTool({ name: 'toolkit.search', arguments: { pattern: 'x' } });
      codes.push(result._meta?.['cortex-os/errorCode']);
      if (call === 0) expect(result.content).toEqual([{ type: 'text', text: toolkitErrorCatalogue.TOOLKIT_ENGINE_FAILED.description }]);
      if (call === 5) expect(result.content).toEqual([{ type: 'text', text: kernelErrorCatalogue.RESILIENCE_CIRCUIT_OPEN.description }]);
    }
    expect(codes).toEqual([...Array(5).fill('TOOLKIT_ENGINE_FAILED'), 'RESILIENCE_CIRCUIT_OPEN']);
    // The breaker is per tool: multi_search still reaches the engine.
    const other = await runtime.client.callTool({ name: 'toolkit.multi_search', arguments: { patterns: ['x'] } });
    expect(other._meta?.['cortex-os/errorCode']).toBe('TOOLKIT_ENGINE_FAILED');
    await stopRuntime(runtime);
    runtime = undefined;
  });

  it('stops a search that outlives its time limit and answers TOOLKIT_TIMEOUT', async () => {
    const ripgrepPath = await standIn('hanging-rg', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);");
    runtime = await startRuntime({ roots: [base], engine: 'ripgrep', ripgrepPath, timeoutMs: 200, killGraceMs: 50 });
    const result = await runtime.client.callTool({ name: 'toolkit.search', arguments: { pattern: 'x' } });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: toolkitErrorCatalogue.TOOLKIT_TIMEOUT.description }],
      _meta: { 'cortex-os/errorCode': 'TOOLKIT_TIMEOUT' },
    });
  });
});
