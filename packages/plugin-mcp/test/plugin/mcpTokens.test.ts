import { expect, it } from 'vitest';
import { promptRegistryToken, resourceRegistryToken } from '@cortex-os/plugin-mcp';

it('names the registry tokens after the plugin', () => {
  expect([resourceRegistryToken.id, promptRegistryToken.id]).toEqual(['mcp.resources', 'mcp.prompts']);
});
