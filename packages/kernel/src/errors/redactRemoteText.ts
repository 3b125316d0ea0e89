/**
 * Text from a database driver, as SQLite and PostgreSQL word it: a remote caller gets the
 * catalogue description instead, since such text names tables, columns and values.
 */
const RAW_DATABASE_TEXT = [
  /\bSQLITE_[A-Z_]+\b/,
  /\bnear "[^"]*": syntax error\b/,
  /\bno such (?:table|column|function|index|module)\b/i,
  /\b(?:UNIQUE|NOT NULL|FOREIGN KEY|CHECK|PRIMARY KEY) constraint failed\b/,
  /\bdatabase (?:disk image is malformed|is locked|table is locked)\b/,
  /\bfile is not a database\b/,
  /\b(?:attempt to write a readonly database|unable to open database file)\b/,
  /\bsyntax error at or near\b/,
  /\bviolates (?:unique|foreign key|not-null|check|exclusion) constraint\b/,
  /\brelation "[^"]*" does not exist\b/,
  /\bduplicate key value\b/,
  /\bcolumn "[^"]*" (?:of relation "[^"]*" )?does not exist\b/,
];

/** A stack frame (`at fn (file:line:col)`, `at file:line:col`), on its own line or inline. */
const STACK_FRAME = /\s*\bat (?:[^\s()]+(?: \[as [^\]]+\])? )?\(?(?:file:\/\/|node:|\/|[A-Za-z]:\\)[^\s()]*:\d+(?::\d+)?\)?/g;
const FILE_URL = /\bfile:\/\/[^\s"'`<>)]*/g;
const WINDOWS_PATH = /\b[A-Za-z]:\\[^\s"'`<>|]*/g;
/** An absolute POSIX path of two or more segments, or a home-relative one; URLs' paths follow a host, so they are kept. */
const POSIX_PATH = /(^|[\s"'`([{=:,;])(?:~|\/[\w.@+-]+)(?:\/[\w.@+-]*)+/g;
const PLACEHOLDER = '<path>';

/**
 * True when `text` looks like raw database driver output (SQLite or PostgreSQL wording).
 * @public
 */
export function isRawDatabaseText(text: string): boolean {
  return RAW_DATABASE_TEXT.some((pattern) => pattern.test(text));
}

/**
 * Removes what a remote caller must never see from a message: stack frames, and server paths
 * (absolute POSIX paths of two or more segments, home-relative paths, Windows paths and `file:`
 * URLs, each replaced by `<path>`). Text in `callerSent` (the request path, say) is the caller's
 * own and is kept as it is.
 *
 * @remarks
 * Paths are found by shape, so a path-like value the caller did not send is replaced even when
 * it is harmless. Raw database text is not rewritten here: see {@link isRawDatabaseText}, where
 * the whole message gives way to the catalogue description.
 * @example
 * ```ts
 * redactRemoteText('cannot open /srv/app/data/memory.db'); // 'cannot open <path>'
 * redactRemoteText('No route for GET /api/v1/nope.', ['/api/v1/nope']); // unchanged
 * ```
 * @public
 */
export function redactRemoteText(text: string, callerSent: readonly string[] = []): string {
  const kept = callerSent.filter((sent) => sent !== '' && text.includes(sent));
  // The caller's own strings are set aside under markers no pattern matches, then put back. Only
  // whole tokens are kept: a short string inside a longer path must not shield the rest of it.
  const mark = (index: number): string => `\u0000${index}\u0000`;
  let out = kept.reduce(
    (current, sent, index) => current.replace(wholeToken(sent), (_all, before: string) => `${before}${mark(index)}`),
    text,
  );
  out = out
    .replace(STACK_FRAME, '')
    .replace(FILE_URL, PLACEHOLDER)
    .replace(WINDOWS_PATH, PLACEHOLDER)
    .replace(POSIX_PATH, (_path, before: string) => `${before}${PLACEHOLDER}`);
  return kept.reduce((current, sent, index) => current.split(mark(index)).join(sent), out);
}

/** `sent` where it stands alone: not inside a longer word or path. */
function wholeToken(sent: string): RegExp {
  const escaped = sent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.@+/~-])${escaped}(?![\\w@+/-]|\\.\\w)`, 'g');
}
