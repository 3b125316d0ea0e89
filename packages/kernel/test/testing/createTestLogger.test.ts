import { describe, expect, it } from 'vitest';
import { runWithCorrelationId } from '@cortex-os/kernel';
import { createTestLogger } from '@cortex-os/kernel/testing';

describe('createTestLogger', () => {
  it('keeps every line, parsed, with its level name, bindings and correlation id', () => {
    const logs = createTestLogger();
    logs.logger.child({ plugin: 'notes' }).info({ id: 'n1' }, 'note added');
    runWithCorrelationId('corr-1', () => logs.logger.warn('slow'));
    expect(logs.entries()).toEqual([
      expect.objectContaining({ level: 'info', plugin: 'notes', id: 'n1', msg: 'note added' }),
      expect.objectContaining({ level: 'warn', correlationId: 'corr-1', msg: 'slow' }),
    ]);
  });

  it('keeps debug lines by default and only lines at or above a given level', () => {
    const all = createTestLogger();
    all.logger.debug('detail');
    all.logger.trace('noise');
    expect(all.entries().map((entry) => entry.msg)).toEqual(['detail']);
    const errorsOnly = createTestLogger({ level: 'error' });
    errorsOnly.logger.warn('ignored');
    errorsOnly.logger.error(new Error('boom'), 'failed');
    expect(errorsOnly.entries()).toEqual([
      expect.objectContaining({ level: 'error', msg: 'failed', err: expect.objectContaining({ message: 'boom' }) }),
    ]);
  });

  it('hands out snapshots and forgets lines on clear', () => {
    const logs = createTestLogger();
    logs.logger.info('one');
    const before = logs.entries();
    logs.clear();
    logs.logger.info('two');
    expect(before.map((entry) => entry.msg)).toEqual(['one']);
    expect(logs.entries().map((entry) => entry.msg)).toEqual(['two']);
  });
});
