import { describe, expect, it } from 'vitest';
import { startingNote } from '../src/commands/startingNote.js';

describe('startingNote', () => {
  it('counts the started plugins and names those still starting, in the order they began', () => {
    const notes: string[] = [];
    const report = startingNote((detail) => notes.push(detail));
    report({ plugin: 'http', state: 'starting', index: 0, total: 3 });
    report({ plugin: 'memory', state: 'starting', index: 0, total: 3 });
    report({ plugin: 'http', state: 'started', index: 1, total: 3 });
    report({ plugin: 'mcp', state: 'starting', index: 1, total: 3 });
    report({ plugin: 'memory', state: 'failed', index: 1, total: 3 });
    expect(notes).toEqual([
      '0 of 3 started; http',
      '0 of 3 started; http, memory',
      '1 of 3 started; memory',
      '1 of 3 started; memory, mcp',
      '1 of 3 started; mcp',
    ]);
  });
});
