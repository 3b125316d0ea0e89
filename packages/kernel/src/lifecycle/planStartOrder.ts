import type { KernelProblem } from '../errors/KernelError.js';

/**
 * A plugin as the planner sees it: names and token ids only.
 * @internal
 */
export interface PlanNode {
  readonly name: string;
  readonly requires: readonly { readonly token: string; readonly optional: boolean }[];
  readonly provides: readonly { readonly token: string; readonly multi: boolean }[];
}

/**
 * Start order in levels: plugins of one level depend only on earlier levels and may start together.
 * @internal
 */
export interface StartPlan {
  readonly levels: readonly (readonly string[])[];
  /** For each plugin, the plugins it depends on. */
  readonly dependsOn: ReadonlyMap<string, ReadonlySet<string>>;
  readonly problems: readonly KernelProblem[];
}

/**
 * Plans the start order of a plugin set and finds every problem at once: missing
 * requirements, duplicate providers of single tokens, and dependency cycles (with their path).
 * Pure, so it is property-tested directly.
 * @internal
 */
export function planStartOrder(nodes: readonly PlanNode[], kernelTokens: ReadonlySet<string>): StartPlan {
  const problems: KernelProblem[] = [];
  const providers = new Map<string, string[]>();
  for (const node of nodes) {
    for (const { token, multi } of node.provides) {
      const list = providers.get(token) ?? [];
      if (!multi && list.length > 0) {
        problems.push({
          code: 'PLUGIN_PROVIDER_DUPLICATE',
          plugin: node.name,
          message: `Plugins "${list[0]}" and "${node.name}" both provide single token "${token}"; remove one, or declare the token multi.`,
        });
      }
      if (kernelTokens.has(token)) {
        problems.push({
          code: 'PLUGIN_PROVIDER_DUPLICATE',
          plugin: node.name,
          message: `Plugin "${node.name}" provides "${token}", which the kernel itself provides.`,
        });
      }
      list.push(node.name);
      providers.set(token, list);
    }
  }

  const dependsOn = new Map<string, Set<string>>();
  for (const node of nodes) {
    const deps = new Set<string>();
    for (const { token, optional } of node.requires) {
      const from = providers.get(token);
      if (from === undefined || from.length === 0) {
        if (!optional && !kernelTokens.has(token)) {
          problems.push({
            code: 'PLUGIN_REQUIREMENT_MISSING',
            plugin: node.name,
            message: `Plugin "${node.name}" requires "${token}", but no plugin provides it.`,
          });
        }
        continue;
      }
      for (const provider of from) deps.add(provider);
    }
    dependsOn.set(node.name, deps);
  }

  for (const cycle of findCycles(
    nodes.map((n) => n.name),
    dependsOn,
  )) {
    problems.push({
      code: 'PLUGIN_DEPENDENCY_CYCLE',
      plugin: cycle[0] as string,
      message: `Plugins depend on each other in a cycle: ${cycle.join(' → ')}.`,
    });
  }

  return { levels: problems.some((p) => p.code === 'PLUGIN_DEPENDENCY_CYCLE') ? [] : toLevels(nodes, dependsOn), dependsOn, problems };
}

function toLevels(nodes: readonly PlanNode[], dependsOn: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const levels: string[][] = [];
  const placed = new Set<string>();
  let remaining = nodes.map((n) => n.name);
  while (remaining.length > 0) {
    const level = remaining.filter((name) => [...(dependsOn.get(name) ?? [])].every((dep) => placed.has(dep)));
    for (const name of level) placed.add(name);
    remaining = remaining.filter((name) => !placed.has(name));
    levels.push(level);
  }
  return levels;
}

/** Tarjan's strongly connected components; each component with a cycle yields one cycle path `a → b → a`. */
function findCycles(names: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component = new Set<string>();
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.add(w);
      } while (w !== v);
      if (component.size > 1 || edges.get(v)?.has(v) === true) cycles.push(cyclePath(v, component, edges));
    }
  };
  for (const name of names) if (!index.has(name)) visit(name);
  return cycles;
}

/** A concrete cycle through `start` inside its component, found by breadth-first search. */
function cyclePath(start: string, component: ReadonlySet<string>, edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of edges.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = previous.get(at) as string) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
