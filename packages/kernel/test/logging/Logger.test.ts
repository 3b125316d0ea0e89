import { describe, expect, it } from 'vitest';
import { currentCorrelationId, runWithCorrelationId } from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

describe('createLogger', () => {
  it('stamps the current correlation id on every line, across awaits', async () => {
    const lines: string[] = [];
    const logger = silentLogger(lines).child({ plugin: 'notes' });
    await runWithCorrelationId('req-7', async () => {
      await Promise.resolve();
      logger.info('inside');
      expect(currentCorrelationId()).toBe('req-7');
    });
    logger.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'inside', plugin: 'notes', correlationId: 'req-7' });
    expect(outside).not.toHaveProperty('correlationId');
  });

  it('makes up a correlation id when none is given', () => {
    runWithCorrelationId(undefined, () => expect(currentCorrelationId()).toMatch(/^[0-9a-f-]{36}$/));
  });
});
