import type { KernelProblem } from '../errors/KernelError.js';

/**
 * A plugin as the extension-point check sees it: the point ids it declares and contributes to.
 * @internal
 */
export interface ExtensionPlanNode {
  readonly name: string;
  readonly declares: readonly string[];
  readonly contributes: readonly { readonly point: string; readonly ownerPackage: string | undefined }[];
}

/**
 * Finds every extension-point problem of a plugin set at once: a point declared twice (or one the
 * kernel owns declared by a plugin), and a contribution to a point nobody declares. Pure, so it is
 * property-tested directly.
 * @internal
 */
export function planExtensionPoints(nodes: readonly ExtensionPlanNode[], kernelPoints: ReadonlySet<string>): KernelProblem[] {
  const problems: KernelProblem[] = [];
  const declaredBy = new Map<string, string>();
  for (const node of nodes) {
    for (const point of node.declares) {
      const first = kernelPoints.has(point) ? 'the kernel' : declaredBy.get(point);
      if (first !== undefined) {
        problems.push({
          code: 'EXTENSION_POINT_DUPLICATE',
          plugin: node.name,
          message: `Plugin "${node.name}" declares extension point "${point}", which ${first === 'the kernel' ? 'the kernel owns' : `plugin "${first}" already declares`}; declare each point in one plugin and contribute to it from the others.`,
        });
        continue;
      }
      declaredBy.set(point, node.name);
    }
  }
  for (const node of nodes) {
    for (const { point, ownerPackage } of node.contributes) {
      if (kernelPoints.has(point) || declaredBy.has(point)) continue;
      const from = ownerPackage === undefined ? '' : ` (from ${ownerPackage})`;
      problems.push({
        code: 'EXTENSION_POINT_UNDECLARED',
        plugin: node.name,
        message: `Plugin "${node.name}" contributes to extension point "${point}", but no plugin in the runtime declares it; add the plugin that declares it${from}, or remove the contribution.`,
      });
    }
  }
  return problems;
}
