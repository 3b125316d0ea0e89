import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const sourceDir = new URL('../../src/testing/', import.meta.url);

describe('@cortex-os/provider-kit/testing', () => {
  it('imports no test runner, so it loads under any runner and in plain Node', () => {
    const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    const runnerImports = files.filter((file) =>
      /from '(vitest|@vitest\/[^']+|jest|@jest\/[^']+|mocha)'/.test(readFileSync(new URL(file, sourceDir), 'utf8')),
    );
    expect(runnerImports).toEqual([]);
  });
});
