/**
 * Codes anywhere in an error's `cause` chain, in aggregated `errors`, and in a kernel aggregate's
 * `problems` (each with its own `cause`), outermost first.
 */
function causeCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 8) return [];
  const { code, cause, errors, problems } = error as { code?: unknown; cause?: unknown; errors?: unknown; problems?: unknown };
  const nested = [...(Array.isArray(errors) ? errors : []), ...(Array.isArray(problems) ? problems : [])];
  return [
    ...(typeof code === 'string' ? [code] : []),
    ...causeCodes(cause, depth + 1),
    ...nested.flatMap((inner: unknown) => causeCodes(inner, depth + 1)),
  ];
}

/** What to do, in `cortex` terms, for failures whose own message speaks in a plugin's options. */
const hints: Readonly<Record<string, string>> = {
  MEMORY_DATA_DIR_LOCKED:
    'With cortex: give the second runtime another home (CORTEX_HOME=/another/folder), or open memory read-only beside the owner (CORTEX_MEMORY_STORE=\'{"kind":"sqlite","readOnly":true}\').',
};

/** The hint for the first cause that has one, or `''`. */
export function cliHint(error: unknown): string {
  for (const code of causeCodes(error)) {
    const hint = hints[code];
    if (hint !== undefined) return ` ${hint}`;
  }
  return '';
}
