import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code `@cortex-os/runtime` throws, what it means and how to solve it.
 *
 * Codes are `RUNTIME_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by the repository test `test/repo/errorCatalogues.test.ts`.
 * Retired codes: `RUNTIME_HOME_INVALID` (unreleased; the home resolver moved to the kernel, whose
 * `HOME_INVALID` it is now). (`RUNTIME_CONFIG_INVALID` and `RUNTIME_CONFIG_FILE_UNREADABLE` were
 * `CONFIG_INVALID` and `CONFIG_FILE_UNREADABLE` of `@cortex-os/plugin-http` before any release.)
 * @public
 */
export const runtimeErrorCatalogue = defineErrorCatalogue('RUNTIME', {
  RUNTIME_CONFIG_INVALID: {
    kind: 'internal',
    message: 'Invalid runtime configuration:\n{problems}',
    description: 'The runtime configuration (environment and file) failed validation; every bad variable or key is named.',
    solution: 'Fix each variable or file key listed in the message.',
  },
  RUNTIME_CONFIG_FILE_UNREADABLE: {
    kind: 'internal',
    message: 'Cannot read runtime configuration file {file}: {reason}',
    description: 'The runtime configuration file could not be read or is not valid JSON.',
    solution: 'Check the path and the JSON syntax; the message names the file and the parser error.',
  },
});

/**
 * A code from {@link runtimeErrorCatalogue}.
 * @public
 */
export type RuntimeErrorCode = keyof typeof runtimeErrorCatalogue;
