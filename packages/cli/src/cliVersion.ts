import { createRequire } from 'node:module';

/**
 * The version of `@cortex-os/cli` itself, read from its own `package.json` (one place for it), as
 * `cortex --version` prints it.
 * @public
 */
export const cliVersion: string = (createRequire(import.meta.url)('@cortex-os/cli/package.json') as { version: string }).version;
