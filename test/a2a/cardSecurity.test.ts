// The card states what the server enforces (bearer tokens through plugin-http's edge security),
// an authenticated extended card lists more skills, and cards are signed (JWS) with a configured key.
// Real runtimes on 127.0.0.1; the official @a2a-js/sdk client and verifier on the other side.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { AgentCard, type Task, TaskState, verifyAgentCardSignature } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { createKernel, createLogger } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { type A2aRemoteAgentOptions, a2aClientPlugin, a2aServerPlugin, verifyAgentCardJson } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { httpPlugin } from '@cortex-os/plugin-http';
import { type Runtime, startRuntime } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';
import { scriptedAgentPlugins, weatherTool } from '../support/scriptedAgents.js';
import { userMessage, weatherScript } from './fixtures.js';

const TOKEN = 'a2a-card-security-token';
const authorized = { authorization: `Bearer ${TOKEN}` };

const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Use the weather tool, then answer in one sentence.',
  tools: ['weather'],
  budgets: { maxSteps: 4 },
});
const auditor = defineAgent({
  name: 'auditor',
  description: 'Internal: audits forecasts.',
  instructions: 'Use the weather tool, then answer in one sentence.',
  tools: ['weather'],
  budgets: { maxSteps: 4 },
});

async function start(
  serverOptions: Parameters<typeof a2aServerPlugin>[0],
  tokens: readonly string[] = [TOKEN],
): Promise<Runtime & { url: string }> {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      httpPlugin({ port: 0, metrics: { defaultMetrics: false }, ...(tokens.length === 0 ? {} : { auth: { tokens: [...tokens] } }) }),
      ...scriptedAgentPlugins({ script: weatherScript, tools: [weatherTool], agents: [forecaster, auditor] }),
      a2aServerPlugin({ name: 'secure-runtime', ...serverOptions }),
    ],
  });
  const runtime = await startRuntime(kernel, { signals: false });
  return Object.assign(runtime, { url: runtime.address?.url ?? '' });
}

async function rpc(url: string, method: string, params: unknown, headers: Record<string, string> = {}, version = '1.0') {
  const response = await fetch(`${url}/a2a/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(version === '' ? {} : { 'a2a-version': version }), ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return { status: response.status, body: (await response.json()) as { result?: Record<string, unknown>; error?: { code: number } } };
}

async function card(url: string, version = '1.0'): Promise<Record<string, unknown>> {
  return (await (await fetch(`${url}/.well-known/agent-card.json`, { headers: { 'a2a-version': version } })).json()) as Record<
    string,
    unknown
  >;
}

function skillIds(card: unknown): string[] {
  return ((card as { skills?: { id: string }[] } | undefined)?.skills ?? []).map((skill) => skill.id);
}

const message = { message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'Weather in Oslo?' }] } };

describe('A2A authentication declared in the card and enforced by the edge (issue 21 §1)', () => {
  it("auth: 'bearer' — the card requires the bearer scheme, and calls without a valid token get 401 on both bindings", async () => {
    await using runtime = await start({ auth: 'bearer', agents: ['forecaster'] });
    const current = await card(runtime.url);
    expect(current.securitySchemes).toEqual({ bearer: { httpAuthSecurityScheme: expect.objectContaining({ scheme: 'Bearer' }) } });
    expect(current.securityRequirements).toEqual([{ schemes: { bearer: {} } }]);
    const legacy = await card(runtime.url, '');
    expect(legacy.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(legacy.security).toEqual([{ bearer: [] }]);

    expect((await rpc(runtime.url, 'SendMessage', message)).status).toBe(401);
    expect((await rpc(runtime.url, 'SendMessage', message, { authorization: 'Bearer not-the-token-at-all' })).status).toBe(401);
    const rest = await fetch(`${runtime.url}/a2a/rest/tasks`, { headers: { 'a2a-version': '1.0' } });
    expect(rest.status).toBe(401);

    const sent = await rpc(runtime.url, 'SendMessage', message, authorized);
    expect(sent.status).toBe(200);
    expect(sent.body.result).toMatchObject({ task: { status: { state: 'TASK_STATE_COMPLETED' } } });
  });

  it("auth: 'none' — the endpoints are open even when the server has tokens, and the card declares no scheme", async () => {
    await using runtime = await start({ auth: 'none' });
    const current = await card(runtime.url);
    expect(current.securitySchemes).toBeUndefined();
    expect(current.securityRequirements).toBeUndefined();
    expect((await rpc(runtime.url, 'SendMessage', message)).body.result).toMatchObject({
      task: { status: { state: 'TASK_STATE_COMPLETED' } },
    });
  });

  it("auth: 'bearer' on a server with no token or verifier refuses to start (it could not enforce what the card says)", async () => {
    const failure = await expectCortexError(start({ auth: 'bearer' }, []), 'KERNEL_START_FAILED');
    expect(failure.message).toMatch(/\[HTTP_AUTH_REQUIRED\]: Refusing to listen: POST \/a2a\/jsonrpc/);
  });

  it('the extended card lists the agents only authenticated callers see, over JSON-RPC 1.0 and 0.3, REST and the SDK client', async () => {
    await using runtime = await start({ auth: 'bearer', agents: ['forecaster'], extendedCard: { agents: ['forecaster', 'auditor'] } });
    const publicCard = await card(runtime.url);
    expect(skillIds(publicCard)).toEqual(['forecaster']);
    expect(publicCard.capabilities).toMatchObject({ extendedAgentCard: true });
    expect((await card(runtime.url, '')).supportsAuthenticatedExtendedCard).toBe(true);

    const extended = await rpc(runtime.url, 'GetExtendedAgentCard', {}, authorized);
    expect(skillIds(extended.body.result)).toEqual(['forecaster', 'auditor']);
    expect((await rpc(runtime.url, 'GetExtendedAgentCard', {})).status).toBe(401);
    const legacy = await rpc(runtime.url, 'agent/getAuthenticatedExtendedCard', {}, authorized, '');
    expect(skillIds(legacy.body.result)).toEqual(['forecaster', 'auditor']);
    const rest = await fetch(`${runtime.url}/a2a/rest/extendedAgentCard`, { headers: { ...authorized, 'a2a-version': '1.0' } });
    expect(skillIds(await rest.json())).toEqual(['forecaster', 'auditor']);

    const withToken: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...authorized } });
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl: withToken })],
      }),
    );
    const client = await factory.createFromUrl(runtime.url);
    expect((await client.getAgentCard()).skills.map((skill) => skill.id)).toEqual(['forecaster', 'auditor']);
    // An agent of the extended card runs for an authenticated caller.
    const result = (await client.sendMessage({
      tenant: '',
      message: { ...userMessage('Audit Oslo.'), metadata: { skillId: 'auditor' } },
      configuration: undefined,
      metadata: undefined,
    })) as Task;
    expect(result.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('without an extended card, GetExtendedAgentCard answers UnsupportedOperation (-32004), and extendedCard without bearer auth is refused', async () => {
    await using runtime = await start({ auth: 'bearer' });
    expect((await card(runtime.url)).capabilities).not.toMatchObject({ extendedAgentCard: true });
    expect((await rpc(runtime.url, 'GetExtendedAgentCard', {}, authorized)).body.error?.code).toBe(-32004);
    await expect(start({ extendedCard: { agents: ['auditor'] } })).rejects.toThrow(/extendedCard needs auth: 'bearer'/);
    // A signing key must be a private one: a public key is refused when the runtime is assembled.
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(start({ signing: { privateKey: publicKey, kid: 'k', alg: 'ES256' } })).rejects.toThrow(/a private KeyObject or JWK/);
    const publicJwk = publicKey.export({ format: 'jwk' });
    await expect(start({ push: { signing: { privateKey: publicJwk, kid: 'k', alg: 'ES256' } } })).rejects.toThrow(
      /a private KeyObject or JWK/,
    );
  });
});

describe('A2A card signing (JWS, issue 21 §1)', () => {
  it('signs the public and the extended card; the SDK verifier accepts them, and a card whose security was altered fails', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await using runtime = await start({
      auth: 'bearer',
      agents: ['forecaster'],
      extendedCard: {},
      signing: { privateKey, kid: 'card-key-1', alg: 'ES256' },
    });
    const keys: string[] = [];
    const verify = verifyAgentCardSignature(async (kid) => {
      keys.push(kid);
      return publicKey;
    });
    const served = await card(runtime.url);
    expect(served.signatures).toHaveLength(1);
    const [signature] = served.signatures as { protected: string }[];
    expect(JSON.parse(Buffer.from(signature?.protected ?? '', 'base64url').toString())).toEqual({
      alg: 'ES256',
      kid: 'card-key-1',
      typ: 'JOSE',
    });
    await verify(served as unknown as AgentCard);
    expect(keys).toEqual(['card-key-1']);

    // The signature covers the security schemes: a card stripped of them no longer verifies.
    const { securitySchemes: _dropped, securityRequirements: _also, ...stripped } = served;
    await expect(verify(stripped as unknown as AgentCard)).rejects.toThrow(/No valid signatures/);
    await expect(verify({ ...served, name: 'impostor' } as unknown as AgentCard)).rejects.toThrow(/No valid signatures/);

    const extended = await rpc(runtime.url, 'GetExtendedAgentCard', {}, authorized);
    await verify(extended.body.result as unknown as AgentCard);
    // The same card read through the SDK's types verifies once written back as its JSON.
    await verify(AgentCard.toJSON(AgentCard.fromJSON(served)) as AgentCard);
  });
});

describe('a client that requires signed cards (cardJwks, issue 21 §1)', () => {
  async function caller(url: string, cardJwks: NonNullable<A2aRemoteAgentOptions['cardJwks']>) {
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      plugins: [a2aClientPlugin({ remotes: [{ name: 'weather', url, cardJwks }] })],
    });
    await kernel.start();
    return kernel;
  }

  it('accepts a card signed by a key of the set, refuses an unsigned one, one signed by another key, and an altered one', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await using signed = await start({ auth: 'none', signing: { privateKey, kid: 'card-key-1', alg: 'ES256' } });
    // The runtime publishes the card key at /.well-known/jwks.json.
    await using trusting = await caller(signed.url, `${signed.url}/.well-known/jwks.json`);
    const result = await trusting.tools.call<{ state: string }>('a2a.weather', { input: 'Weather?' });
    expect(result.structured?.state).toBe('completed');

    const impostor = createPublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey).export({ format: 'jwk' });
    const otherKeys = { keys: [{ ...impostor, kid: 'card-key-1', alg: 'ES256' }] };
    const refused = await expectCortexError(caller(signed.url, otherKeys), 'KERNEL_START_FAILED');
    expect(refused.message).toMatch(/A2A_CARD_SIGNATURE_INVALID.*no signature verifies against the trusted keys/);

    await using unsigned = await start({ auth: 'none' });
    const bare = await expectCortexError(caller(unsigned.url, `${signed.url}/.well-known/jwks.json`), 'KERNEL_START_FAILED');
    expect(bare.message).toMatch(/A2A_CARD_SIGNATURE_INVALID.*it has no signature/);

    const served = await card(signed.url);
    const jwks = JSON.parse(await (await fetch(`${signed.url}/.well-known/jwks.json`)).text()) as { keys: Record<string, unknown>[] };
    await verifyAgentCardJson('weather', served, jwks);
    await expectCortexError(verifyAgentCardJson('weather', { ...served, description: 'Altered.' }, jwks), 'A2A_CARD_SIGNATURE_INVALID');
  });
});
