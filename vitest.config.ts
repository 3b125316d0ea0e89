import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import `@cortex-os/<pkg>` as users do, but from `src/`, so no build is needed.
const alias = readdirSync(`${root}packages`)
  .filter((dir) => existsSync(`${root}packages/${dir}/src/index.ts`))
  .flatMap((dir) => [
    { find: new RegExp(`^@cortex-os/${dir}$`), replacement: `${root}packages/${dir}/src/index.ts` },
    { find: new RegExp(`^@cortex-os/${dir}/(.+)$`), replacement: `${root}packages/${dir}/src/$1/index.ts` },
  ]);

// biome-ignore lint/style/noDefaultExport: vitest loads its config from the default export
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
