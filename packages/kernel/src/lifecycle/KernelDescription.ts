/**
 * A plugin in a {@link KernelDescription}.
 * @public
 */
export interface KernelPluginDescription {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  /** Plugins this one depends on (providers of its required tokens). */
  readonly dependsOn: readonly string[];
  /** Token ids it provides. */
  readonly provides: readonly string[];
  readonly requires: readonly { readonly token: string; readonly optional: boolean }[];
  /** `name@version` of the contracts and event contracts it registers. */
  readonly contracts: readonly string[];
  readonly events: readonly string[];
  readonly requiresContracts: Readonly<Record<string, string>>;
}

/**
 * The runtime's picture: plugins, tokens, contracts, tools and events, as plain JSON.
 * @public
 */
export interface KernelDescription {
  readonly state: string;
  readonly plugins: readonly KernelPluginDescription[];
  /** Token ids the kernel itself provides. */
  readonly kernelTokens: readonly string[];
  readonly contracts: readonly string[];
  readonly tools: readonly { readonly name: string; readonly description: string }[];
  /** Event types with a registered contract. */
  readonly events: readonly string[];
}

/**
 * Renders a {@link KernelDescription} as a Mermaid flowchart: plugins, the tokens they
 * provide and require, and the tools registered.
 * @public
 */
export function kernelDescriptionToMermaid(description: KernelDescription): string {
  const id = (prefix: string, name: string): string => `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const lines = ['flowchart LR'];
  const tokens = new Set<string>([...description.kernelTokens]);
  for (const plugin of description.plugins) {
    for (const t of plugin.provides) tokens.add(t);
    for (const r of plugin.requires) tokens.add(r.token);
  }
  lines.push('  subgraph kernel');
  for (const token of description.kernelTokens) lines.push(`    ${id('t', token)}(["${token}"])`);
  lines.push('  end');
  for (const plugin of description.plugins) lines.push(`  ${id('p', plugin.name)}["${plugin.name}@${plugin.version}"]`);
  for (const token of tokens) if (!description.kernelTokens.includes(token)) lines.push(`  ${id('t', token)}(["${token}"])`);
  for (const plugin of description.plugins) {
    for (const t of plugin.provides) lines.push(`  ${id('p', plugin.name)} -- provides --> ${id('t', t)}`);
    for (const r of plugin.requires) lines.push(`  ${id('t', r.token)} ${r.optional ? '-. optional .->' : '-- requires -->'} ${id('p', plugin.name)}`);
  }
  for (const tool of description.tools) lines.push(`  ${id('tool', tool.name)}[/"tool ${tool.name}"/]`);
  return `${lines.join('\n')}\n`;
}
