import { type AgentCard, canonicalizeAgentCard } from '@a2a-js/sdk';
import { createLocalJWKSet, createRemoteJWKSet, flattenedVerify, type JSONWebKeySet } from 'jose';
import { A2aError } from '../errors/A2aError.js';

/**
 * The keys a signed Agent Card must verify against: the URL of a JWK Set (e.g. the remote
 * runtime's `/.well-known/jwks.json`, or a key set published elsewhere), or the key set itself.
 * @public
 */
export type A2aCardKeys = string | JSONWebKeySet;

type KeyGetter = Parameters<typeof flattenedVerify>[1];

/** A key getter over the configured keys (jose's; a remote set is fetched once and cached). */
export function cardKeyGetter(keys: A2aCardKeys): KeyGetter {
  return typeof keys === 'string' ? createRemoteJWKSet(new URL(keys)) : createLocalJWKSet(keys);
}

/**
 * Checks that an Agent Card, as its wire JSON, carries at least one JWS signature (A2A §8.4) that
 * verifies against `keys`: each signature's protected header names its `kid` and `alg`, and its
 * payload is the JCS canonical form of the card without `signatures`.
 * @throws {@link A2aError} `A2A_CARD_SIGNATURE_INVALID` when the card is unsigned or no signature verifies
 * @public
 */
export function verifyAgentCardJson(agent: string, json: unknown, keys: A2aCardKeys): Promise<void> {
  return verifyWith(agent, json, cardKeyGetter(keys));
}

/** {@link verifyAgentCardJson} with a key getter built once (a cache reuses it for every card). */
export async function verifyWith(agent: string, json: unknown, keys: KeyGetter): Promise<void> {
  const card = (typeof json === 'object' && json !== null ? json : {}) as { signatures?: unknown };
  const signatures = Array.isArray(card.signatures) ? card.signatures : [];
  if (signatures.length === 0) throw A2aError.create('A2A_CARD_SIGNATURE_INVALID', { agent, reason: 'it has no signature' });
  // Canonicalized from the JSON form, as the signer did: the in-memory form would drop its security schemes.
  const payload = Buffer.from(canonicalizeAgentCard(json as AgentCard)).toString('base64url');
  for (const signature of signatures as { protected?: unknown; signature?: unknown; header?: unknown }[]) {
    if (typeof signature.protected !== 'string' || typeof signature.signature !== 'string') continue;
    try {
      await flattenedVerify({ protected: signature.protected, signature: signature.signature, payload }, keys);
      return;
    } catch {
      // Try the next signature: one that verifies is enough.
    }
  }
  throw A2aError.create('A2A_CARD_SIGNATURE_INVALID', { agent, reason: 'no signature verifies against the trusted keys' });
}
