import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { createPushNotificationSigner, PUSH_JWT_HEADER } from '@cortex-os/plugin-a2a';
import { describe, expect, it } from 'vitest';

function decode(jwt: string): { header: unknown; payload: Record<string, unknown>; signed: Buffer; signature: Buffer } {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
  return {
    header: json(header),
    payload: json(payload),
    signed: Buffer.from(`${header}.${payload}`),
    signature: Buffer.from(signature, 'base64url'),
  };
}

describe('createPushNotificationSigner', () => {
  it('signs a JWT over the exact body and the receiver, at the clock’s time, with a fresh jti each time', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = createPushNotificationSigner({ privateKey, kid: 'k-1', alg: 'EdDSA' }, () => 1_800_000_000_500);
    const body = '{"statusUpdate":{"taskId":"t-1"}}';
    const target = new URL('https://hooks.example.org/a2a?x=1');
    const first = decode((await signer.headers(body, target))[PUSH_JWT_HEADER] ?? '');
    const second = decode((await signer.headers(body, target))[PUSH_JWT_HEADER] ?? '');
    expect(first.header).toEqual({ alg: 'EdDSA', kid: 'k-1', typ: 'JWT' });
    expect(first.payload).toMatchObject({
      iat: 1_800_000_000,
      aud: 'https://hooks.example.org/a2a?x=1',
      request_body_sha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(first.payload.jti).not.toBe(second.payload.jti);
    const publicKey = createPublicKey({ key: signer.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    expect(verify(null, first.signed, publicKey, first.signature)).toBe(true);
    expect(verify(null, Buffer.from(`${first.signed.toString()}x`), publicKey, first.signature)).toBe(false);
  });

  it('publishes the public half only, named and marked for signing; takes a private JWK as well as a KeyObject', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const fromJwk = createPushNotificationSigner({ privateKey: jwk, kid: 'k-2', alg: 'ES256' });
    const fromKey = createPushNotificationSigner({ privateKey, kid: 'k-2', alg: 'ES256' });
    expect(fromJwk.publicJwk).toEqual(fromKey.publicJwk);
    expect(fromJwk.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'k-2', alg: 'ES256', use: 'sig' });
    expect(fromJwk.publicJwk).not.toHaveProperty('d');
  });
});
