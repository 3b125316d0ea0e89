import { describe, expect, it } from 'vitest';
import * as testing from '@cortex-os/plugin-memory/testing';
import * as testingVitest from '@cortex-os/plugin-memory/testing/vitest';

describe('@cortex-os/plugin-memory testing entries', () => {
  it('export the runner-free helpers from /testing and the vitest suite from /testing/vitest', () => {
    expect(Object.keys(testing)).toEqual(['createDeterministicEmbedder']);
    expect(Object.keys(testingVitest)).toEqual(['describeMemoryStoreBehaviour']);
  });
});
