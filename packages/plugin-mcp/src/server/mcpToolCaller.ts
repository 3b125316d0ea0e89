import type { ToolCaller } from '@cortex-os/kernel';
import type { AuthInfo } from '@modelcontextprotocol/server';

/**
 * The kernel's caller for an MCP request: the bearer token's principal (else the client's name)
 * and, when the token grants any, its scopes, so a tool that checks a scope (the tasks tools'
 * admin scope) can read them.
 */
export function mcpToolCaller(authInfo: Pick<AuthInfo, 'clientId' | 'scopes'> | undefined, clientName: string | undefined): ToolCaller {
  const id = authInfo?.clientId ?? clientName;
  const scopes = authInfo?.scopes ?? [];
  const caller: ToolCaller = {
    transport: 'mcp',
    ...(id === undefined ? {} : { id }),
    ...(scopes.length === 0 ? {} : { scopes: [...scopes] }),
  };
  return caller;
}
