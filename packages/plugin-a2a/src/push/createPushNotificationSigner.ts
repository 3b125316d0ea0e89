import { createHash, createPrivateKey, createPublicKey, KeyObject, randomUUID } from 'node:crypto';
import { type JWK, SignJWT } from 'jose';
import type { A2aCardSigningOptions } from '../server/createAgentCardSigner.js';

/**
 * Signs push notifications: the headers one POST carries, for its body and receiver.
 * @public
 */
export interface PushNotificationSigner {
  /** The headers to add to a notification with this exact body, sent to `target`. */
  headers(body: string, target: URL): Promise<Record<string, string>>;
  /** The public key as a JWK (with `kid`, `alg`, `use: 'sig'`), for the server's `/.well-known/jwks.json`. */
  readonly publicJwk: JWK;
}

/**
 * The header that always carries a signed notification's JWT (lower case, as node's `http` reports headers).
 * @public
 */
export const PUSH_JWT_HEADER = 'x-a2a-notification-jwt';

function keyObjectOf(key: A2aCardSigningOptions['privateKey']): KeyObject {
  return key instanceof KeyObject ? key : createPrivateKey({ key, format: 'jwk' });
}

/**
 * Creates the signer of push notifications (the scheme of the A2A samples): each POST carries a
 * JWT signed with the server's key — protected header `{ alg, kid, typ: 'JWT' }`, claims `iat`,
 * `jti` (unique per POST), `aud` (the receiver's URL) and `request_body_sha256` (hex SHA-256 of the
 * exact body bytes) — in `X-A2A-Notification-JWT`, and as `Authorization: Bearer <jwt>` when the
 * receiver's config asked for no credentials of its own. A receiver verifies it with the public key
 * from `/.well-known/jwks.json`, checks `aud`, a recent `iat`, an unseen `jti`, and the body's hash.
 * @public
 */
export function createPushNotificationSigner(options: A2aCardSigningOptions, now: () => number = Date.now): PushNotificationSigner {
  const privateKey = keyObjectOf(options.privateKey);
  const publicJwk: JWK = {
    ...(createPublicKey(privateKey).export({ format: 'jwk' }) as JWK),
    kid: options.kid,
    alg: options.alg,
    use: 'sig',
  };
  return {
    publicJwk,
    async headers(body, target) {
      const jwt = await new SignJWT({ request_body_sha256: createHash('sha256').update(body).digest('hex') })
        .setProtectedHeader({ alg: options.alg, kid: options.kid, typ: 'JWT' })
        .setIssuedAt(Math.floor(now() / 1000))
        .setJti(randomUUID())
        .setAudience(target.href)
        .sign(privateKey);
      return { [PUSH_JWT_HEADER]: jwt };
    },
  };
}
