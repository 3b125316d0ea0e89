/**
 * Every error code `@cortex-os/runtime` throws, what it means and how to solve it.
 *
 * Codes are `RUNTIME_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/errors/runtimeErrorCatalogue.test.ts`.
 * Retired codes: none. (`RUNTIME_CONFIG_INVALID` and `RUNTIME_CONFIG_FILE_UNREADABLE` were
 * `CONFIG_INVALID` and `CONFIG_FILE_UNREADABLE` of `@cortex-os/plugin-http` before any release.)
 * @public
 */
export const runtimeErrorCatalogue = {
  RUNTIME_CONFIG_INVALID: {
    description: 'The runtime configuration (environment and file) failed validation; every bad variable or key is named.',
    solution: 'Fix each variable or file key listed in the message.',
  },
  RUNTIME_CONFIG_FILE_UNREADABLE: {
    description: 'The runtime configuration file could not be read or is not valid JSON.',
    solution: 'Check the path and the JSON syntax; the message names the file and the parser error.',
  },
} as const satisfies Readonly<Record<string, { readonly description: string; readonly solution: string }>>;

/**
 * A code from {@link runtimeErrorCatalogue}.
 * @public
 */
export type RuntimeErrorCode = keyof typeof runtimeErrorCatalogue;
