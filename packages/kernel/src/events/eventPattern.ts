/**
 * Compiles an event-type pattern into a matcher — the patterns `subscribe`, `consume` and
 * transports' `select` take. `*` alone matches every type; `memory.*` matches `memory.stored`
 * and `memory.stm.evicted` (the wildcard stands for one or more trailing segments); anything
 * else matches exactly. Hosts use it to filter by the same rules the bus applies.
 *
 * @example
 * ```ts
 * const isMemory = compileEventPattern('memory.*');
 * isMemory('memory.stored'); // true
 * isMemory('memory'); // false
 * ```
 * @public
 */
export function compileEventPattern(pattern: string): (type: string) => boolean {
  if (pattern === '*') return () => true;
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1); // keep the dot: `memory.`
    return (type) => type.length > prefix.length && type.startsWith(prefix);
  }
  return (type) => type === pattern;
}
