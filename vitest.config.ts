import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import `@cortex-os/<pkg>` as users do, but from `src/`, so no build is needed.
export const alias = readdirSync(`${root}packages`)
  .filter((dir) => existsSync(`${root}packages/${dir}/src/index.ts`))
  .flatMap((dir) => [
    { find: new RegExp(`^@cortex-os/${dir}$`), replacement: `${root}packages/${dir}/src/index.ts` },
    { find: new RegExp(`^@cortex-os/${dir}/(.+)$`), replacement: `${root}packages/${dir}/src/$1/index.ts` },
  ]);

// Options every layer shares. Inline projects extend this config and its arrays add up with theirs,
// which is why the root names no `include`.
export const sharedTestOptions = {
  exclude: ['**/node_modules/**', '**/dist/**'],
  testTimeout: 20_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  maxWorkers: 2,
  // A temporary runtime home for the whole run (CORTEX_HOME), removed at its end.
  globalSetup: ['test/support/testHome.ts'],
};

// Long runs that a change rarely needs on every save: whole suites, 10,000-request fuzz, soaks.
const slowTests = ['test/mcp/conformance.test.ts', 'test/memory/memoryRest.fuzz.test.ts', 'test/mcp/sessionTtl.test.ts'];

// Child processes in these layers run the built `dist/`: one `tsc -b` per test run, skipped when
// CORTEX_BUILT=1 says the caller already built (see test/support/buildOnce.ts).
const buildOnce = 'test/support/buildOnce.ts';

// biome-ignore lint/style/noDefaultExport: vitest loads its config from the default export
export default defineConfig({
  resolve: { alias },
  test: {
    ...sharedTestOptions,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // In-process only: no child processes, no large data files.
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          // Files share a worker instead of a fresh one each: worker start-up and re-imports were
          // most of the layer's time (58 s against 12 s on two cores). Unit tests restore what they change.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // Real services and real processes.
          include: ['test/**/*.test.ts'],
          exclude: slowTests,
          globalSetup: [buildOnce],
        },
      },
      {
        extends: true,
        test: { name: 'slow', include: slowTests, globalSetup: [buildOnce] },
      },
    ],
  },
});
