import type { PromptContent, ResourceRegistry, ToolContent } from '@cortex-os/kernel';
import type { ContentBlock } from '@modelcontextprotocol/server';

/**
 * Maps the tool registry's content union to MCP content blocks. With `embed`, a resource link
 * whose URI the resource registry serves is sent as an embedded resource instead.
 */
export async function toMcpContent(
  content: readonly ToolContent[],
  resources: ResourceRegistry | undefined,
  embed: boolean,
  signal: AbortSignal,
): Promise<ContentBlock[]> {
  const blocks: ContentBlock[] = [];
  for (const item of content) {
    switch (item.type) {
      case 'text':
        blocks.push({ type: 'text', text: item.text });
        break;
      case 'image':
      case 'audio':
        blocks.push({ type: item.type, data: item.data, mimeType: item.mimeType });
        break;
      case 'resource_link':
        if (embed && resources?.has(item.uri) === true) {
          for (const contents of await resources.read(item.uri, { signal }))
            blocks.push({ type: 'resource', resource: { ...contents } } as ContentBlock);
        } else {
          blocks.push({
            type: 'resource_link',
            uri: item.uri,
            name: item.name,
            ...(item.mimeType === undefined ? {} : { mimeType: item.mimeType }),
            ...(item.description === undefined ? {} : { description: item.description }),
          });
        }
        break;
    }
  }
  return blocks;
}

/** Maps prompt content to an MCP content block (the shapes are the wire shapes). */
export function promptContentToMcp(content: PromptContent): ContentBlock {
  if (content.type === 'resource') return { type: 'resource', resource: { ...content.resource } } as ContentBlock;
  return { ...content } as ContentBlock;
}
