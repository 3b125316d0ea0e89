/** Keys whose values differ between any two runs by nature: when a step ran, not what it did. */
const TIMING_KEYS = new Set(['startedAt', 'endedAt']);

/**
 * One place where two values differ: a dotted path (`steps.2.toolCalls.0.content`) and both values.
 * @public
 */
export interface ValueDifference {
  readonly path: string;
  readonly recorded: unknown;
  readonly replayed: unknown;
}

/**
 * The first difference between two JSON-like values in a depth-first walk (array items in order,
 * object keys sorted), ignoring `startedAt` / `endedAt`; `undefined` when they are the same.
 * @public
 */
export function firstDifference(recorded: unknown, replayed: unknown, path = ''): ValueDifference | undefined {
  if (Object.is(recorded, replayed)) return undefined;
  const here = (): ValueDifference => ({ path: path === '' ? '(root)' : path, recorded, replayed });
  if (typeof recorded !== 'object' || typeof replayed !== 'object' || recorded === null || replayed === null) return here();
  if (Array.isArray(recorded) !== Array.isArray(replayed)) return here();
  const join = (key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    for (let index = 0; index < Math.max(recorded.length, replayed.length); index++) {
      if (index >= recorded.length || index >= replayed.length)
        return { path: join(index), recorded: recorded[index], replayed: replayed[index] };
      const difference = firstDifference(recorded[index], replayed[index], join(index));
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  const left = recorded as Record<string, unknown>;
  const right = replayed as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => !TIMING_KEYS.has(key)).sort();
  for (const key of keys) {
    const difference = firstDifference(left[key], right[key], join(key));
    if (difference !== undefined) return difference;
  }
  return undefined;
}
