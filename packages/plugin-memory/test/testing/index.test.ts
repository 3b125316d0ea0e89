import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as testing from '@cortex-os/plugin-memory/testing';
import * as testingVitest from '@cortex-os/plugin-memory/testing/vitest';

const sourceDir = new URL('../../src/testing/', import.meta.url);
const runnerImport = /from '(vitest|@vitest\/[^']+|jest|@jest\/[^']+|mocha)'/;

/** The source files under src/testing whose text imports a test runner. */
function importingARunner(): string[] {
  return readdirSync(sourceDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => runnerImport.test(readFileSync(new URL(file, sourceDir), 'utf8')))
    .sort();
}

describe('@cortex-os/plugin-memory testing entries', () => {
  it('keep vitest to the /testing/vitest entry, so /testing loads without a test runner', () => {
    expect(importingARunner()).toEqual(['vitest/describeMemoryStoreBehaviour.ts']);
  });

  it('export the runner-free helpers from /testing and the vitest suite from /testing/vitest', () => {
    expect(Object.keys(testing)).toEqual(['createDeterministicEmbedder']);
    expect(Object.keys(testingVitest)).toEqual(['describeMemoryStoreBehaviour']);
  });
});
