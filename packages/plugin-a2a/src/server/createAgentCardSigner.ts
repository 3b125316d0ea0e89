import type { JsonWebKey, KeyObject } from 'node:crypto';
import { AgentCard, type AgentCardSignatureGenerator, generateAgentCardSignature } from '@a2a-js/sdk';

/**
 * How the server signs its Agent Cards (JWS, A2A §8.4): a private key and the JWS header that
 * names it.
 * @public
 */
export interface A2aCardSigningOptions {
  /** The private key: a `node:crypto` `KeyObject` (e.g. from `createPrivateKey(pem)`) or a private JWK. */
  readonly privateKey: KeyObject | JsonWebKey;
  /** The key's id (`kid`), by which verifiers find the public key. */
  readonly kid: string;
  /** The JWS algorithm matching the key, e.g. `ES256`, `EdDSA`, `RS256`. */
  readonly alg: string;
  /** Where verifiers may fetch the public key set (`jku`), when published. */
  readonly jku?: string | undefined;
}

/**
 * Creates the card signer the SDK's request handler calls for every card it serves (public and
 * extended): a flattened JWS over the JCS canonical form of the card's v1.0 JSON, appended to
 * `signatures`, with `alg`, `kid`, `typ: JOSE` (and `jku`) in the protected header.
 *
 * @remarks
 * The canonical form is built from the card's wire JSON, not from the SDK's in-memory card: the
 * SDK 1.3 canonicalizer re-reads its argument as JSON, so given the in-memory form it drops the
 * `securitySchemes` (a oneof spelled `$case` in memory), and a signature over that would not
 * cover the card's security. Verify the same way: pass the card's JSON (as fetched, or
 * `AgentCard.toJSON(card)`) to `verifyAgentCardSignature`. Each card is signed once and the
 * result reused (cards are fixed once built).
 * @public
 */
export function createAgentCardSigner(options: A2aCardSigningOptions): AgentCardSignatureGenerator {
  const sign = generateAgentCardSignature(options.privateKey as Parameters<typeof generateAgentCardSignature>[0], {
    alg: options.alg,
    kid: options.kid,
    typ: 'JOSE',
    ...(options.jku === undefined ? {} : { jku: options.jku }),
  });
  const signed = new WeakMap<AgentCard, Promise<AgentCard>>();
  return (card) => {
    let result = signed.get(card);
    if (result === undefined) {
      result = sign(AgentCard.toJSON(card) as AgentCard).then((json) => AgentCard.fromJSON(json));
      // A failed signing (a bad key) is not kept: the next request tries again and reports it again.
      result.catch(() => signed.delete(card));
      signed.set(card, result);
    }
    return result;
  };
}
