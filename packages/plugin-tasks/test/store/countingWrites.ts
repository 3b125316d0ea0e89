import type { TaskStore } from '@cortex-os/plugin-tasks';

/** Calls the store object commits, by method: each is one transaction. */
export function countingWrites(store: TaskStore): { readonly store: TaskStore; readonly writes: string[] } {
  const writes: string[] = [];
  const counted = new Set([
    'create',
    'createClaimed',
    'claim',
    'startStep',
    'finishStep',
    'recordStep',
    'finish',
    'requireInput',
    'release',
  ]);
  const proxy = new Proxy(store, {
    get(target, name) {
      // The store itself as `this`: its #private fields and getters are not the proxy's.
      const value = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof name === 'string' && counted.has(name)) writes.push(name);
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, writes };
}
