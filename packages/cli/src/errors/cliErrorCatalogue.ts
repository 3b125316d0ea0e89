import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code `@cortex-os/cli` throws, what it means and how to solve it.
 *
 * Codes are `CLI_WHAT`, stable once released and never reused. The README's "Error codes" table
 * is checked against this catalogue by the repository test `test/repo/errorCatalogues.test.ts`.
 * @public
 */
export const cliErrorCatalogue = defineErrorCatalogue('CLI', {
  CLI_USAGE: {
    kind: 'invalid-input',
    message: '{problem}',
    description: 'The command line named an unknown command or flag, or a flag lacks its value.',
    solution: 'Run `cortex help` for the commands and their flags.',
  },
  CLI_CONFIG_EXISTS: {
    kind: 'conflict',
    message: 'Configuration file {file} already exists.',
    description: '`cortex init` would overwrite an existing configuration file.',
    solution: 'Pass `--force` to overwrite it, or `--config` to write another file.',
  },
  CLI_CONFIG_MODULE_INVALID: {
    kind: 'invalid-input',
    message: 'Configuration module {file} cannot be used: {reason}',
    description:
      'A `.mjs`, `.js` or `.ts` configuration file could not be imported, or its default export is not an object keyed by plugin name (or a function returning one).',
    solution:
      'Fix the error named in the message; `export default { http: { port: 8080 } }` is the expected shape (`.ts` needs Node 22.18 or newer).',
  },
  CLI_PLUGIN_UNLOADABLE: {
    kind: 'invalid-input',
    message: 'Plugin module {module} cannot be used: {reason}',
    description:
      'A module named under `plugins` in the configuration could not be imported, or its export is not a plugin factory made by definePlugin.',
    solution:
      'Check the path (relative to the configuration file) or package name, and `export` (default `default`): it must name a `definePlugin(…)` result.',
  },
});

/**
 * A code from {@link cliErrorCatalogue}.
 * @public
 */
export type CliErrorCode = keyof typeof cliErrorCatalogue;
