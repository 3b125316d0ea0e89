import { describe, expect, it } from 'vitest';
import { recordedCovers } from '../../src/socket/recordedCovers.js';

describe('recordedCovers', () => {
  it('says which subscriptions the log can replay', () => {
    expect(recordedCovers(['*'], 'memory.*')).toBe(true);
    expect(recordedCovers(['*'], '*')).toBe(true);
    expect(recordedCovers(['memory.*'], 'memory.stored')).toBe(true);
    expect(recordedCovers(['memory.*'], 'memory.stm.*')).toBe(true);
    expect(recordedCovers(['memory.*'], 'memory.*')).toBe(true);
    expect(recordedCovers(['memory.*'], 'memory')).toBe(false);
    expect(recordedCovers(['memory.*'], '*')).toBe(false);
    expect(recordedCovers(['memory.stored'], 'memory.*')).toBe(false);
    expect(recordedCovers(['memory.stored'], 'memory.stored')).toBe(true);
    expect(recordedCovers([], 'memory.stored')).toBe(false);
  });
});
