import { fileURLToPath } from 'node:url';
import type { CliIo } from '../CliIo.js';
import type { CliArgs } from '../parseCliArgs.js';
import { loadCliConfig } from './loadCliConfig.js';

/** This package's `cortex` script, absolute (desktop clients do not start from a shell's PATH). */
const cortexScript = fileURLToPath(new URL('./bin/cortex.js', new URL('..', import.meta.url)));

/**
 * `cortex mcp --print-client-config --client <name>`: the entry that desktop client's MCP
 * configuration file takes, with absolute paths — Node itself (clients do not see a shell's
 * `nvm` PATH), this `cortex` script, the configuration file when one is used, and the runtime
 * home as `CORTEX_HOME` so the client and a shell share one home. The configuration is loaded
 * first, so a bad one fails here and not later inside the client.
 */
export async function printClientConfig(
  io: CliIo,
  configFlag: string | undefined,
  client: NonNullable<CliArgs['printClientConfig']>,
): Promise<void> {
  const { file, home } = await loadCliConfig(io, configFlag, 'mcp');
  const server = {
    command: process.execPath,
    args: [cortexScript, 'mcp', ...(file === undefined ? [] : ['--config', file.name])],
    env: { CORTEX_HOME: home.dir },
  };
  // Claude Desktop (claude_desktop_config.json) and Cursor (.cursor/mcp.json) key servers under
  // `mcpServers`; VS Code (.vscode/mcp.json) under `servers`, with the transport named.
  const entry = client === 'vscode' ? { servers: { cortex: { type: 'stdio', ...server } } } : { mcpServers: { cortex: server } };
  io.out(JSON.stringify(entry, null, 2));
}
