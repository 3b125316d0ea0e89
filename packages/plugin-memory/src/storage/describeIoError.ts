/** An I/O error in words, without paths: its code (`ENOSPC`, `EACCES`, …) or its name. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error';
}
