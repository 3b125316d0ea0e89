/**
 * True when every event type `pattern` matches is one the recorder logs (`record` patterns), so
 * the durable log can replay the pattern without gaps: `*` covers everything, `memory.*` covers
 * `memory.stored` and `memory.stm.*`, a type covers itself.
 */
export function recordedCovers(record: readonly string[], pattern: string): boolean {
  return record.some((kept) => {
    if (kept === '*' || kept === pattern) return true;
    if (!kept.endsWith('.*')) return false;
    const prefix = kept.slice(0, -1);
    return pattern.startsWith(prefix) && pattern.length > prefix.length && pattern !== `${prefix}*`;
  });
}
