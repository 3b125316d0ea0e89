import type { Kernel } from '@cortex-os/kernel';
import type { HttpRouteSummary } from '../server/HttpService.js';

/**
 * The plugin graph of a runtime, as `/describe` serves it.
 * @public
 */
export interface KernelDescription {
  readonly state: string;
  readonly plugins: readonly { readonly name: string; readonly version: string; readonly dependsOn: readonly string[] }[];
  readonly contracts: readonly { readonly name: string; readonly version: string; readonly description?: string }[];
  readonly events: readonly { readonly type: string; readonly version: string }[];
  readonly tools: readonly { readonly name: string; readonly description: string }[];
  readonly routes: readonly HttpRouteSummary[];
  /** The plugin graph as a Mermaid flowchart (dependents point at what they depend on). */
  readonly mermaid: string;
}

/**
 * Describes a kernel from its public surface: plugins and their dependencies, contracts, events,
 * tools, and (when given) HTTP routes, as JSON and as a Mermaid diagram.
 * @public
 */
export function describeKernel(kernel: Kernel, routes: readonly HttpRouteSummary[] = []): KernelDescription {
  const plugins = kernel.plugins.map((p) => ({ name: p.name, version: p.version, dependsOn: [...p.dependsOn].sort() }));
  const all = kernel.contracts.list();
  // Event contracts carry their CloudEvents `type`; plain contracts do not.
  const isEvent = (c: object): boolean => typeof (c as { type?: unknown }).type === 'string';
  const contracts = all.filter((c) => !isEvent(c)).map((c) => ({ name: c.name, version: c.version, ...(c.description === undefined ? {} : { description: c.description }) }));
  const events = all.filter(isEvent).map((c) => ({ type: c.name, version: c.version }));
  const tools = kernel.tools.list().map((t) => ({ name: t.name, description: t.description }));
  return { state: kernel.state, plugins, contracts, events, tools, routes: [...routes], mermaid: toMermaid(plugins, tools.length, events.length) };
}

function toMermaid(plugins: KernelDescription['plugins'], toolCount: number, eventCount: number): string {
  const id = (name: string): string => `p_${name.replace(/[^a-z0-9]/g, '_')}`;
  const lines = ['flowchart LR'];
  for (const p of plugins) lines.push(`  ${id(p.name)}["${p.name}@${p.version}"]`);
  lines.push(`  kernel(["kernel: ${toolCount} tools, ${eventCount} events"])`);
  for (const p of plugins) {
    if (p.dependsOn.length === 0) lines.push(`  ${id(p.name)} --> kernel`);
    for (const dep of p.dependsOn) lines.push(`  ${id(p.name)} --> ${id(dep)}`);
  }
  return lines.join('\n');
}
