/**
 * A plugin in a {@link KernelDescription}.
 * @public
 */
export interface KernelPluginDescription {
  /** The plugin's name. */
  readonly name: string;
  /** Semver of the plugin. */
  readonly version: string;
  /** What the plugin does, when its definition says. */
  readonly description?: string;
  /** Plugins this one depends on (providers of its required tokens). */
  readonly dependsOn: readonly string[];
  /** Token ids it provides. */
  readonly provides: readonly string[];
  /** Token ids it requires, each marked optional or not. */
  readonly requires: readonly { readonly token: string; readonly optional: boolean }[];
  /** `name@version` of the contracts it registers (its event contracts are in `events`). */
  readonly contracts: readonly string[];
  /** `name@version` of the event contracts it registers. */
  readonly events: readonly string[];
  /** Contract names it requires, each with its semver range. */
  readonly requiresContracts: Readonly<Record<string, string>>;
  /** Ids of the extension points it declares. */
  readonly extensionPoints: readonly string[];
  /**
   * What it contributes, by extension point id: each contribution's label (a tool's name, a
   * resource's URI). Every point it declares in `contributes` is listed; the labels appear once it
   * has started and leave when it stops.
   */
  readonly contributions: Readonly<Record<string, readonly string[]>>;
}

/**
 * An extension point in a {@link KernelDescription}.
 * @public
 */
export interface KernelExtensionPointDescription {
  /** The point's id. */
  readonly id: string;
  /** `kernel` for the kernel's own points, else the name of the plugin that declares it. */
  readonly declaredBy: string;
}

/**
 * The runtime's picture: plugins, tokens, contracts, tools and events, as plain JSON.
 * @public
 */
export interface KernelDescription {
  /** The kernel's state when it was described (a {@link KernelState}). */
  readonly state: string;
  /** The plugins, in start order. */
  readonly plugins: readonly KernelPluginDescription[];
  /** Token ids the kernel itself provides. */
  readonly kernelTokens: readonly string[];
  /** Every extension point: the kernel's own, then those plugins declare. */
  readonly extensionPoints: readonly KernelExtensionPointDescription[];
  /** `name@version` of every registered contract, event contracts included. */
  readonly contracts: readonly string[];
  /** The registered tools, by name and description. */
  readonly tools: readonly { readonly name: string; readonly description: string }[];
  /** The registered resources' URIs, then the resource templates' URI templates. */
  readonly resources: readonly string[];
  /** The registered prompts' names. */
  readonly prompts: readonly string[];
  /** Event types with a registered contract. */
  readonly events: readonly string[];
}

/**
 * Renders a {@link KernelDescription} as a Mermaid flowchart: plugins, the tokens they
 * provide and require, the extension points they contribute to, and the tools registered.
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
    for (const r of plugin.requires)
      lines.push(`  ${id('t', r.token)} ${r.optional ? '-. optional .->' : '-- requires -->'} ${id('p', plugin.name)}`);
  }
  for (const point of description.extensionPoints) lines.push(`  ${id('x', point.id)}{{"${point.id}"}}`);
  for (const plugin of description.plugins) {
    for (const point of Object.keys(plugin.contributions)) lines.push(`  ${id('p', plugin.name)} -- contributes --> ${id('x', point)}`);
    for (const point of plugin.extensionPoints) lines.push(`  ${id('x', point)} -. read by .-> ${id('p', plugin.name)}`);
  }
  for (const tool of description.tools) lines.push(`  ${id('tool', tool.name)}[/"tool ${tool.name}"/]`);
  return `${lines.join('\n')}\n`;
}
