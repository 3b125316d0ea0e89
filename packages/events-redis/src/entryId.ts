/** A stream entry id as two integers, for comparisons (ids are `<ms>-<seq>`, both up to 64 bits). */
export type EntryIdParts = readonly [ms: bigint, seq: bigint];

const MAX_U64 = (1n << 64n) - 1n;

/** The parts of `id` (`<ms>-<seq>`, or `<ms>` meaning `<ms>-0`), or undefined when it is not an entry id. */
export function parseEntryId(id: string): EntryIdParts | undefined {
  const match = /^(\d{1,20})(?:-(\d{1,20}))?$/.exec(id);
  if (match === null) return undefined;
  const ms = BigInt(match[1] as string);
  const seq = BigInt(match[2] ?? '0');
  return ms > MAX_U64 || seq > MAX_U64 ? undefined : [ms, seq];
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareEntryIds(a: EntryIdParts, b: EntryIdParts): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}
