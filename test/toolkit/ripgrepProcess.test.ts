// Issue 22 §3: the ripgrep engine's child processes under time limits, aborts and failures — real
// processes and real signals. A stand-in `rg` (a Node script) plays a ripgrep that ignores SIGTERM
// or fails; the real ripgrep is stopped early once enough was found. Coverage of the engine's logic
// comes from the unit layer; these prove the process behaviour.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ripgrepForTests } from '../support/ripgrepForTests.js';
import { expectCortexError } from '@cortex-os/kernel/testing';
import {
  compileSearchPattern,
  createRipgrepSearchEngine,
  createWorkspaceRoots,
  type SearchRequest,
  type WorkspaceRoot,
} from '@cortex-os/plugin-toolkit';

const ripgrep = await ripgrepForTests('the real-ripgrep process tests are');

let base: string;
let root: WorkspaceRoot;

/** A stand-in ripgrep: records its pid, then does what `body` says. */
async function fakeRipgrep(name: string, body: string): Promise<string> {
  const path = join(base, name);
  await writeFile(
    path,
    `#!/usr/bin/env node\nconst fs = require('node:fs');\nfs.writeFileSync(${JSON.stringify(join(base, `${name}.pid`))}, String(process.pid));\n${body}\n`,
  );
  await chmod(path, 0o755);
  return path;
}

/** Resolves once `file` exists in `base`, watching instead of polling. */
function appeared(file: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(base, () => {
      readFile(join(base, file)).then(
        () => {
          watcher.close();
          resolve();
        },
        () => undefined,
      );
    });
    readFile(join(base, file)).then(
      () => {
        watcher.close();
        resolve();
      },
      () => undefined,
    );
  });
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Child processes of this process named `rg` (Linux /proc). */
async function ripgrepChildren(): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  const stats = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')));
  return stats.flatMap((stat) => {
    const match = /^(\d+) \((.*)\) \S+ (\d+)/.exec(stat);
    return match !== null && match[2] === 'rg' && Number(match[3]) === process.pid ? [Number(match[1])] : [];
  });
}

function request(signal: AbortSignal, overrides: Partial<SearchRequest> = {}): SearchRequest {
  return {
    root,
    scope: '.',
    patterns: [compileSearchPattern('needle')],
    include: [],
    exclude: [],
    hidden: false,
    context: 0,
    maxFileBytes: 1 << 24,
    signal,
    ...overrides,
  };
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'toolkit-rg-'));
  await mkdir(join(base, 'repo'));
  // Real big files: many matching lines in each, so ripgrep is still busy when stopped.
  for (let file = 0; file < 40; file += 1)
    await writeFile(join(base, 'repo', `big-${String(file).padStart(2, '0')}.txt`), 'needle in a haystack\n'.repeat(50_000));
  root = (await createWorkspaceRoots([{ path: join(base, 'repo'), name: 'repo' }])).root();
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('the ripgrep engine’s child process', () => {
  it('is stopped with SIGTERM, then SIGKILL when it ignores SIGTERM, on abort', async () => {
    const path = await fakeRipgrep(
      'stubborn',
      // `ready` is written once the handler is in place: a SIGTERM before it would end the process
      // by the default action, and the test would wait on a race instead of the engine's behaviour.
      `process.on('SIGTERM', () => fs.writeFileSync(${JSON.stringify(join(base, 'stubborn.term'))}, 'got SIGTERM'));\nfs.writeFileSync(${JSON.stringify(join(base, 'stubborn.ready'))}, 'ready');\nsetInterval(() => {}, 1000);`,
    );
    // The grace is what the handler gets to run before SIGKILL: long enough for a loaded machine.
    const engine = createRipgrepSearchEngine({ path, killGraceMs: 500 });
    const controller = new AbortController();
    const search = engine.search(request(controller.signal), () => true);
    await appeared('stubborn.ready');
    const pid = Number(await readFile(join(base, 'stubborn.pid'), 'utf8'));
    controller.abort(new Error('caller gave up'));
    await expect(search).rejects.toThrow('caller gave up');
    expect(await readFile(join(base, 'stubborn.term'), 'utf8')).toBe('got SIGTERM');
    expect(isAlive(pid)).toBe(false);
  });

  it('ends with TOOLKIT_ENGINE_FAILED when ripgrep exits 2, with the root path taken out of its message', async () => {
    const path = await fakeRipgrep(
      'failing',
      `process.stderr.write(${JSON.stringify(`${root.path}/x: Permission denied\n`)});\nprocess.exit(2);`,
    );
    const error = await expectCortexError(
      createRipgrepSearchEngine({ path }).search(request(new AbortController().signal), () => true),
      'TOOLKIT_ENGINE_FAILED',
    );
    expect(error.message).toBe('search engine "ripgrep" failed: it exited with 2: ./x: Permission denied');
  });

  it('ends with TOOLKIT_ENGINE_FAILED when the executable cannot be started', async () => {
    const error = await expectCortexError(
      createRipgrepSearchEngine({ path: join(base, 'no-such-rg') }).search(request(new AbortController().signal), () => true),
      'TOOLKIT_ENGINE_FAILED',
    );
    expect(error.message).toBe('search engine "ripgrep" failed: it could not be started (ENOENT)');
  });

  it.skipIf(ripgrep === undefined)('stops the real ripgrep once enough was found, leaving no child behind', async () => {
    const engine = createRipgrepSearchEngine({ path: ripgrep?.path ?? 'rg', killGraceMs: 50 });
    const seen: string[] = [];
    await engine.search(request(new AbortController().signal), (file) => {
      seen.push(file.path);
      return false;
    });
    expect(seen).toEqual(['big-00.txt']);
    expect(await ripgrepChildren()).toEqual([]);
  });

  it.skipIf(ripgrep === undefined)('stops the real ripgrep on abort mid-search, leaving no child behind', async () => {
    const engine = createRipgrepSearchEngine({ path: ripgrep?.path ?? 'rg', killGraceMs: 50 });
    const controller = new AbortController();
    const search = engine.search(request(controller.signal), () => {
      controller.abort(new Error('enough'));
      return true;
    });
    await expect(search).rejects.toThrow('enough');
    expect(await ripgrepChildren()).toEqual([]);
  });
});
