/** What a tool allow-list entry may hold: tool-name characters plus the glob characters `*` and `?`. */
const PATTERN_CHARS = /^[A-Za-z0-9_.*?-]{1,128}$/;

/** True when the entry is a glob pattern rather than an exact tool name. */
export function isToolPattern(entry: string): boolean {
  return entry.includes('*') || entry.includes('?');
}

/** Why an allow-list entry is malformed, or nothing when it is fine. */
export function toolPatternProblem(entry: unknown, where: string): string[] {
  if (typeof entry === 'string' && PATTERN_CHARS.test(entry)) return [];
  return [`${where} "${String(entry)}" must be a tool name or a glob pattern (letters, digits, "_", "-", ".", "*" and "?")`];
}

const compiled = new Map<string, RegExp>();

/** The pattern as an anchored regular expression: `*` any run of characters, `?` one character. */
function toRegExp(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.');
    regex = new RegExp(`^${source}$`);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** True when `name` matches an allow-list entry (an exact name or a glob pattern). */
export function matchesToolEntry(entry: string, name: string): boolean {
  return isToolPattern(entry) ? toRegExp(entry).test(name) : entry === name;
}

/** The names an allow-list selects among `available`, in `available`'s order. */
export function selectTools(entries: readonly string[], available: Iterable<string>): string[] {
  const selected: string[] = [];
  for (const name of available) if (entries.some((entry) => matchesToolEntry(entry, name))) selected.push(name);
  return selected;
}
