import { expect, it } from 'vitest';
import { promptToken, resourceToken } from '@cortex-os/kernel';
import { mcpPromptToken, mcpResourceToken, promptRegistryToken, resourceRegistryToken } from '@cortex-os/plugin-mcp';

it('keeps the deprecated contribution tokens as aliases of the kernel tokens', () => {
  expect(mcpResourceToken).toBe(resourceToken);
  expect(mcpPromptToken).toBe(promptToken);
  expect([resourceRegistryToken.id, promptRegistryToken.id]).toEqual(['mcp.resources', 'mcp.prompts']);
});
