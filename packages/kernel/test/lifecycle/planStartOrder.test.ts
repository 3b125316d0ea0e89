import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKernel, createToken, definePlugin, type Plugin, type Token } from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

// Random DAGs: plugin i may depend only on plugins j < i, so the graph is acyclic by construction.
const acyclicGraph = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })))
  .map(([n, matrix]) => Array.from({ length: n }, (_, i) => Array.from({ length: i }, (_, j) => j).filter((j) => matrix[i]?.[j] === true)));

function buildPlugins(deps: number[][], log: string[], failAt?: number): Plugin[] {
  const tokens: Token<number>[] = deps.map((_, i) => createToken<number>(`prop.p${i}`));
  return deps.map((ds, i) =>
    definePlugin({
      name: `p${i}`,
      version: '1.0.0',
      requires: Object.fromEntries(ds.map((j) => [`d${j}`, tokens[j] as Token<number>])),
      provides: { self: tokens[i] as Token<number> },
      start: async () => {
        await Promise.resolve();
        if (i === failAt) throw new Error(`p${i} fails`);
        log.push(`start p${i}`);
        return { self: i };
      },
      stop: () => void log.push(`stop p${i}`),
    })(),
  );
}

describe('plugin start order (properties)', () => {
  it('every acyclic graph starts each plugin after its dependencies and stops in the reverse order', async () => {
    await fc.assert(
      fc.asyncProperty(acyclicGraph, async (deps) => {
        const log: string[] = [];
        const kernel = createKernel({ plugins: buildPlugins(deps, log), logger: silentLogger() });
        await kernel.start();
        const started = log.filter((l) => l.startsWith('start')).map((l) => Number(l.slice(7)));
        for (const [i, ds] of deps.entries()) for (const j of ds) expect(started.indexOf(j)).toBeLessThan(started.indexOf(i));
        log.length = 0;
        await kernel.stop();
        const stopped = log.map((l) => Number(l.slice(6)));
        for (const [i, ds] of deps.entries()) for (const j of ds) expect(stopped.indexOf(j)).toBeGreaterThan(stopped.indexOf(i));
        expect(stopped).toHaveLength(deps.length);
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it('every cyclic graph is rejected with a cycle whose consecutive plugins really depend on each other', () => {
    fc.assert(
      fc.property(acyclicGraph, fc.nat(), fc.nat(), (deps, a, b) => {
        const from = a % deps.length;
        const to = b % deps.length;
        // Add a back edge from an early plugin to a later (or the same) one: a cycle through the existing path or a self-loop.
        const withCycle = deps.map((ds, i) => (i === Math.min(from, to) ? [...ds, Math.max(from, to)] : ds));
        const reachesBack = (start: number, target: number): boolean => {
          const seen = new Set<number>();
          const stack = [start];
          while (stack.length > 0) {
            const v = stack.pop() as number;
            for (const w of withCycle[v] ?? []) {
              if (w === target) return true;
              if (!seen.has(w)) {
                seen.add(w);
                stack.push(w);
              }
            }
          }
          return false;
        };
        const lo = Math.min(from, to);
        const cyclic = reachesBack(lo, lo);
        let error: unknown;
        try {
          createKernel({ plugins: buildPlugins(withCycle, []), logger: silentLogger() });
        } catch (e) {
          error = e;
        }
        const cycles = ((error as { problems?: { code: string; message: string }[] })?.problems ?? []).filter(
          (p) => p.code === 'PLUGIN_DEPENDENCY_CYCLE',
        );
        expect(cycles.length > 0).toBe(cyclic);
        for (const cycle of cycles) {
          const path = cycle.message
            .replace(/^.*: /, '')
            .replace(/\.$/, '')
            .split(' → ')
            .map((s) => Number(s.slice(1)));
          expect(path[0]).toBe(path.at(-1));
          for (let k = 0; k + 1 < path.length; k++) expect(withCycle[path[k] as number]).toContain(path[k + 1]);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a failed start leaves nothing running: every started plugin is stopped, in reverse order', async () => {
    await fc.assert(
      fc.asyncProperty(acyclicGraph, fc.nat(), async (deps, k) => {
        const failAt = k % deps.length;
        const log: string[] = [];
        const kernel = createKernel({ plugins: buildPlugins(deps, log, failAt), logger: silentLogger() });
        await expect(kernel.start()).rejects.toMatchObject({ code: 'KERNEL_START_FAILED' });
        const started = log.filter((l) => l.startsWith('start')).map((l) => l.slice(6));
        const stopped = log.filter((l) => l.startsWith('stop')).map((l) => l.slice(5));
        expect(stopped).toEqual([...started].reverse());
        expect(kernel.state).toBe('stopped');
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('createToken in plugin graphs', () => {
  it('does not compile a dependency record with a non-token', () => {
    // @ts-expect-error requires takes tokens
    expect(() => definePlugin({ name: 'x', version: '1.0.0', requires: { a: 'nope' } })).toThrow(/requires.a is not a token/);
  });
});
