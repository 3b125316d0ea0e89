import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { McpError, mcpErrorCatalogue } from '@cortex-os/plugin-mcp';

it('documents every error code in the README, and only those', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const documented = [...readme.matchAll(/^\| `(MCP_[A-Z_]+)` \|/gm)].map((m) => m[1]);
  expect(documented.sort()).toEqual(Object.keys(mcpErrorCatalogue).sort());
  for (const [code, entry] of Object.entries(mcpErrorCatalogue)) {
    expect(readme).toContain(`| \`${code}\` | ${entry.description} | ${entry.solution} |`);
  }
});

it('builds errors that carry their code', () => {
  const error = new McpError('MCP_CLIENT_TOOL_ERROR', 'x');
  expect(error.code).toBe('MCP_CLIENT_TOOL_ERROR');
  expect(error.name).toBe('McpError');
});
