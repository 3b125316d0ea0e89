/**
 * Compiles a subscription pattern into a matcher, once per subscription.
 * `*` alone matches every type; `memory.*` matches `memory.stored` and `memory.stm.evicted`
 * (the wildcard stands for one or more trailing segments); anything else matches exactly.
 * @internal
 */
export function compileEventPattern(pattern: string): (type: string) => boolean {
  if (pattern === '*') return () => true;
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1); // keep the dot: `memory.`
    return (type) => type.length > prefix.length && type.startsWith(prefix);
  }
  return (type) => type === pattern;
}
