import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AgentCard } from '@a2a-js/sdk';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { buildAgentCard, createAgentCardSigner, createPushNotificationSigner, verifyAgentCardJson } from '@cortex-os/plugin-a2a';
import { describe, expect, it } from 'vitest';

const card = buildAgentCard({
  name: 'weather-runtime',
  description: 'Weather.',
  version: '1.0.0',
  url: 'http://127.0.0.1:4000/a2a/jsonrpc',
  agents: [{ name: 'forecaster', description: 'Tells the weather.', structuredOutput: false }],
  security: 'bearer',
});

async function signedJson(privateKey: KeyObject, kid: string): Promise<Record<string, unknown>> {
  return AgentCard.toJSON(await createAgentCardSigner({ privateKey, kid, alg: 'ES256' })(card)) as Record<string, unknown>;
}

function keySet(privateKey: KeyObject, kid: string) {
  return { keys: [createPushNotificationSigner({ privateKey, kid, alg: 'ES256' }).publicJwk] };
}

describe('verifyAgentCardJson', () => {
  it('accepts a card signed by a key of the set, and refuses it unsigned, altered or signed by another key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { privateKey: other } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const json = await signedJson(privateKey, 'k-1');
    await verifyAgentCardJson('weather', json, keySet(privateKey, 'k-1'));

    const { signatures: _signatures, ...unsigned } = json;
    const bare = await expectCortexError(verifyAgentCardJson('weather', unsigned, keySet(privateKey, 'k-1')), 'A2A_CARD_SIGNATURE_INVALID');
    expect(bare.message).toContain('it has no signature');
    // The security schemes are covered by the signature: dropping them breaks it.
    const { securitySchemes: _schemes, ...weakened } = json;
    await expectCortexError(verifyAgentCardJson('weather', weakened, keySet(privateKey, 'k-1')), 'A2A_CARD_SIGNATURE_INVALID');
    await expectCortexError(verifyAgentCardJson('weather', json, keySet(other, 'k-1')), 'A2A_CARD_SIGNATURE_INVALID');
  });

  it('is satisfied by one good signature among malformed and foreign ones', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { privateKey: other } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const good = (await signedJson(privateKey, 'k-1')).signatures as unknown[];
    const foreign = (await signedJson(other, 'k-9')).signatures as unknown[];
    const json = { ...(await signedJson(privateKey, 'k-1')), signatures: [{ protected: 5 }, ...foreign, ...good] };
    await verifyAgentCardJson('weather', json, keySet(privateKey, 'k-1'));
    await expectCortexError(verifyAgentCardJson('weather', 'not a card', keySet(privateKey, 'k-1')), 'A2A_CARD_SIGNATURE_INVALID');
  });
});
