import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { redisTestUrl } from './redisForTests.js';

builtFile('packages/events-redis/dist/index.js');
const { url, reason } = redisTestUrl();
const packageDir = join(import.meta.dirname, '../../packages/events-redis');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
// The repo-wide README runner (test/repo/readmes) has no Redis, so these snippets are fenced
// `compile-only` there; here they run against the test Redis.
const snippets = [...readme.matchAll(/```ts(?: compile-only)?\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe.skipIf(reason !== undefined)('the events-redis README', () => {
  it.each(snippets.map((code, i) => [i, code] as const))(
    'snippet %i runs against the test Redis and prints what its comments say',
    (i, code) => {
      // Inside the package, so `@cortex-os/events-redis` resolves to its build by self-reference.
      const file = join(packageDir, `.readme-snippet-${i}.ts`);
      writeFileSync(file, code);
      onTestFinished(() => rmSync(file, { force: true }));
      const printed = execFileSync(process.execPath, [file], {
        encoding: 'utf8',
        env: { ...process.env, CORTEX_TEST_REDIS_URL: url },
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 15_000,
      });
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
      expect(expected.length).toBeGreaterThan(0);
      expect(printed.trim().split('\n')).toEqual(expected);
    },
  );
});
