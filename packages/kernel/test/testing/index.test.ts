import { describe, expect, it } from 'vitest';
import * as testing from '@cortex-os/kernel/testing';

describe('@cortex-os/kernel/testing', () => {
  it('exports the helpers and nothing else', () => {
    expect(Object.keys(testing).sort()).toEqual([
      'createEventRecorder',
      'createFakeClock',
      'createTestKernel',
      'createTestLogger',
      'createTestTool',
      'deferred',
      'expectCortexError',
      'rejectionOf',
    ]);
  });
});
