import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { readJsonFile, readOptionalTextFile } from '../../src/util/readJsonFile.js';

const role = { code: 'GATES_RUBRIC_INVALID', kind: 'rubric' } as const;

describe('readJsonFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gates-json-'));
    await writeFile(join(dir, 'ok.json'), '{"a":1}');
    await writeFile(join(dir, 'bad.json'), '{"a":');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('parses a file, and reports a missing or malformed one with the role code, naming the file', async () => {
    expect(await readJsonFile(join(dir, 'ok.json'), role)).toEqual({ a: 1 });
    const missing = await readJsonFile(join(dir, 'none.json'), role).catch((e: unknown) => e);
    expect(CortexError.is(missing, 'GATES_RUBRIC_INVALID')).toBe(true);
    expect((missing as Error).message).toBe(`rubric ${join(dir, 'none.json')} cannot be read: the file does not exist`);
    const bad = await readJsonFile(join(dir, 'bad.json'), role).catch((e: unknown) => e);
    expect(CortexError.is(bad, 'GATES_RUBRIC_INVALID')).toBe(true);
    expect((bad as Error).message).toMatch(new RegExp(`^rubric ${join(dir, 'bad.json')} is not valid JSON: `));
  });

  it('treats a missing optional file as absent, not as an error', async () => {
    expect(await readOptionalTextFile(join(dir, 'none.json'), role)).toBeUndefined();
  });
});
