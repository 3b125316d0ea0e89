/**
 * True when every event type `pattern` matches is matched by one of `patterns`: `*` covers
 * everything, `memory.*` covers `memory.stored` and `memory.stm.*`, a type covers itself. Says
 * whether the log records all a subscription asks for (so it can replay it without gaps), and
 * whether a type is one clients may publish.
 */
export function recordedCovers(record: readonly string[], pattern: string): boolean {
  return record.some((kept) => {
    if (kept === '*' || kept === pattern) return true;
    if (!kept.endsWith('.*')) return false;
    const prefix = kept.slice(0, -1);
    return pattern.startsWith(prefix) && pattern.length > prefix.length && pattern !== `${prefix}*`;
  });
}
