// The run's runtime home (test/support/testHome.ts): plugins that default their folders to it
// never write into the developer's real home during tests.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolveRuntimeHome } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';

describe('the test run’s runtime home', () => {
  it('is a temporary folder of this run, which is what plugins resolve by default', () => {
    const home = resolveRuntimeHome({ env: process.env });
    expect(home.source).toBe('CORTEX_HOME');
    expect(home.dir.startsWith(tmpdir())).toBe(true);
    expect(home.dir).toMatch(/cortex-test-home-/);
    expect(existsSync(home.dir)).toBe(true);
  });
});
