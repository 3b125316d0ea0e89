import type { z } from 'zod';
import { kernelOwner } from '../lifecycle/kernelTokens.js';
import type { PromptDefinition } from '../prompts/PromptDefinition.js';
import type { ResourceDefinition, ResourceTemplateDefinition } from '../resources/ResourceDefinition.js';
import type { ToolDefinition } from '../tools/ToolDefinition.js';
import { defineExtensionPoint, type ExtensionPoint } from './ExtensionPoint.js';

/**
 * The extension points the kernel owns: what plugins contribute there lands in the kernel's own
 * registries (`kernel.tools`, `kernel.resources`, `kernel.prompts`), which every transport serves.
 *
 * @remarks
 * Contributions are registered when their plugin has started and unregistered when it stops,
 * before its `stop` hook. Tools that come and go while running (imported from a remote server)
 * use `tools.register` instead.
 * @example
 * ```ts
 * definePlugin({
 *   name: 'notes', version: '1.0.0',
 *   contributes: { tools: kernelExtensionPoints.tools, resources: kernelExtensionPoints.resources },
 *   start: () => ({ tools: [searchNotesTool], resources: defineResource({ uri: 'notes://index', name: 'index', read: () => '…' }) }),
 * });
 * ```
 * @public
 */
export const kernelExtensionPoints: {
  /** Tools, served by `kernel.tools`; labelled by name. */
  readonly tools: ExtensionPoint<ToolDefinition<z.ZodType, z.ZodType>>;
  /** Resources and resource templates, served by `kernel.resources`; labelled by URI or URI template. */
  readonly resources: ExtensionPoint<ResourceDefinition | ResourceTemplateDefinition>;
  /** Prompts, served by `kernel.prompts`; labelled by name. */
  readonly prompts: ExtensionPoint<PromptDefinition>;
} = Object.freeze({
  tools: defineExtensionPoint<ToolDefinition<z.ZodType, z.ZodType>>({
    id: 'kernel.tool',
    owner: kernelOwner,
    description: 'Tools every transport serves (kernel.tools).',
    label: (tool) => tool.name,
  }),
  resources: defineExtensionPoint<ResourceDefinition | ResourceTemplateDefinition>({
    id: 'kernel.resource',
    owner: kernelOwner,
    description: 'Read-only resources and resource templates every transport serves (kernel.resources).',
    label: (resource) => (resource.kind === 'resource' ? resource.uri : resource.uriTemplate),
  }),
  prompts: defineExtensionPoint<PromptDefinition>({
    id: 'kernel.prompt',
    owner: kernelOwner,
    description: 'Prompts every transport serves (kernel.prompts).',
    label: (prompt) => prompt.name,
  }),
});
