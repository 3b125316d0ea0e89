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
    expect(text).toContain('plugins (start order): notes@0.1.0');
    expect(text).toContain('called notes.add → {"id":"note-1","text":"Plugins start in dependency order."}');
    expect(text).toContain('TOOL_INPUT_INVALID');
    expect(text).toContain('health notes:count: pass (1 notes)');
    expect(text).toContain('events seen: tool.execution.started, demo.note.added, tool.execution.completed, tool.execution.failed');
    expect(lines.at(-1)).toBe('  stopped: clean');
  });
});
