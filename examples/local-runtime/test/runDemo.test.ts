import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@cortex-os/kernel';
import { assembleRuntime } from '../src/assembleRuntime.js';
import { runDemo } from '../src/runDemo.js';

describe('the demo runtime', () => {
  it('assembles, serves its tools, rejects bad input, reports health and stops cleanly', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) as never });
    await runDemo(assembleRuntime({ logger }), (line) => void lines.push(line));
    const text = lines.join('\n');
    expect(text).toMatch(/plugins \(start order\): .*router@0\.1\.0 \(needs mlx, ollama, openai, local-embedders\)/);
    expect(text).toContain('called notes.add → {"id":"note-1","text":"Plugins start in dependency order."}');
    expect(text).toContain('TOOL_INPUT_INVALID');
    expect(text).toContain('health notes:count: pass (1 notes)');
    // No provider is configured here: the local embedder serves and every other says why not, without connecting anywhere.
    expect(text).toContain('embed 1 text → 384-d vector, served by local-hashing (model cortex-hashing-v1-384)');
    if (!(process.platform === 'darwin' && process.arch === 'arm64')) expect(text).toContain('mlx: unavailable — MLX needs Apple silicon (macOS arm64)');
    expect(text).toContain('ollama: unavailable — no base URL configured');
    expect(text).toContain('openai: unavailable — no API key configured');
    expect(text).toContain('generate → no provider could serve [ROUTER_NO_PROVIDER]');
    expect(text).toContain('local-hashing: excluded, does not generate');
    expect(text).toContain('events seen: tool.execution.started, demo.note.added, tool.execution.completed, tool.execution.failed');
    expect(lines.at(-1)).toBe('  stopped: clean');
  });
});
