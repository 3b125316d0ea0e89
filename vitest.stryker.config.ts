// The tests Stryker runs against the kernel it mutates (stryker.config.json): the kernel's unit tests.
// Its vitest runner takes a config file but no project name, and its `dir` option does not reach the
// projects of vitest.config.ts, so this config names the files itself.
import { defineConfig } from 'vitest/config';
import { alias, sharedTestOptions } from './vitest.config.ts';

// biome-ignore lint/style/noDefaultExport: vitest loads its config from the default export
export default defineConfig({
  resolve: { alias },
  test: { ...sharedTestOptions, include: ['packages/kernel/test/**/*.test.ts'] },
});
