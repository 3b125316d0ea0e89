import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@cortex-os/kernel';
import { assembleRuntime } from '../src/assembleRuntime.js';
import { runDemo } from '../src/runDemo.js';

describe('the demo runtime', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('assembles on embedded defaults, routes, remembers, serves HTTP on loopback, reports health and stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cortex-demo-test-'));
    dirs.push(dataDir);
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });
    await runDemo(assembleRuntime({ logger, dataDir }), (line) => void lines.push(line));
    const text = lines.join('\n');
    expect(text).toMatch(
      /plugins \(start order\): http@0\.1\.0 → .*router@0\.1\.0 \(needs mlx, ollama, openai, local-embedders\) → memory@0\.1\.0 \(needs router, mlx, ollama, openai, local-embedders, http\)/,
    );
    expect(text).toMatch(/HTTP on http:\/\/127\.0\.0\.1:\d+ \(route families under \/api\/v1\)/);
    expect(text).toContain('called notes.add → {"id":"note-1","text":"Plugins start in dependency order."}');
    expect(text).toContain('TOOL_INPUT_INVALID');
    // No provider is configured here: the local embedder serves and every other says why not, without connecting anywhere.
    expect(text).toContain('embed 1 text → 384-d vector, served by local-hashing (model cortex-hashing-v1-384)');
    if (!(process.platform === 'darwin' && process.arch === 'arm64'))
      expect(text).toContain('mlx: unavailable — MLX needs Apple silicon (macOS arm64)');
    expect(text).toContain('ollama: unavailable — no base URL configured');
    expect(text).toContain('openai: unavailable — no API key configured');
    expect(text).toContain('generate → no provider could serve [ROUTER_NO_PROVIDER]');
    // Memory: hybrid search on the local model, the best hit first, with its score parts.
    expect(text).toContain('searched "when does the deploy key rotate?" (hybrid, cortex-hashing-v1-384)');
    expect(text).toMatch(/final \d\.\d{3} \(semantic \d\.\d{3}, keyword 1\.000\) \[ltm\] The deploy key rotates every 90 days/);
    // HTTP: probes, tools over REST, problem+json for bad input, metrics.
    expect(text).toContain('GET /live → 200; GET /ready → 200; GET /health → 200 application/health+json status=warn');
    expect(text).toMatch(/GET \/api\/v1\/tools → \d+ tools: .*memory\.search/);
    expect(text).toContain(
      'POST /api/v1/tools/memory.search {"query":"backup"} → 200: The staging database is restored from backup every night',
    );
    expect(text).toContain('POST /api/v1/tools/memory.search {"query":42} → 400 application/problem+json TOOL_INPUT_INVALID');
    expect(text).toMatch(/GET \/metrics → \d+ request-duration series/);
    expect(text).toContain('health memory.store:count [critical]: pass (5 memories)');
    expect(text).toContain(
      'events seen: demo.note.added, memory.stored, router.fallback, tool.execution.completed, tool.execution.failed, tool.execution.started',
    );
    expect(lines.at(-1)).toBe('  stopped: clean');
  });
});
