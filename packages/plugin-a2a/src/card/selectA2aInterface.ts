import { A2aError } from '../errors/A2aError.js';
import { normaliseA2aVersion, supportedA2aVersions } from '../protocol/negotiateA2aVersion.js';
import type { AgentCard } from './parseAgentCard.js';

/**
 * The interface of a card to call with `A2aJsonRpcClient`: among its `JSONRPC` interfaces, the
 * one with the newest protocol version this package speaks (1.0 before 0.3).
 *
 * @param card - a card from {@link parseAgentCard}
 * @returns the endpoint's URL and the version to speak there (`1.0` or `0.3`)
 * @throws {@link A2aError} `A2A_VERSION_UNSUPPORTED` when no JSON-RPC interface speaks a version this package does
 * @public
 */
export function selectA2aInterface(card: AgentCard): { readonly url: string; readonly version: string } {
  const jsonRpc = card.interfaces.filter((i) => i.binding.toUpperCase() === 'JSONRPC');
  for (const version of supportedA2aVersions) {
    const found = jsonRpc.find((i) => normaliseA2aVersion(i.version) === version);
    if (found !== undefined) return { url: found.url, version };
  }
  throw A2aError.create('A2A_VERSION_UNSUPPORTED', {
    agent: card.name,
    offered: jsonRpc.length === 0 ? 'no JSON-RPC interface' : jsonRpc.map((i) => normaliseA2aVersion(i.version)).join(', '),
    supported: supportedA2aVersions.join(', '),
  });
}
