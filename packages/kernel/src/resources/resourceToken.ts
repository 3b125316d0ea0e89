import { createMultiToken, type MultiToken } from '../container/Token.js';
import type { ResourceDefinition, ResourceTemplateDefinition } from './ResourceDefinition.js';

/**
 * The multi token any plugin provides its read-only resources and resource templates on (one
 * value or an array); transports such as the MCP plugin collect them into a {@link ResourceRegistry}.
 * @example
 * ```ts
 * definePlugin({ name: 'docs', version: '1.0.0', provides: { resources: resourceToken },
 *   start: () => ({ resources: [defineResource({ uri: 'docs://readme', name: 'readme', read: () => '# Hi' })] }) });
 * ```
 * @public
 */
export const resourceToken: MultiToken<ResourceDefinition | ResourceTemplateDefinition> = createMultiToken<
  ResourceDefinition | ResourceTemplateDefinition
>('kernel.resource');
