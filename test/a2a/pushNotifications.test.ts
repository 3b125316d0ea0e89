// Push notifications over real HTTP on 127.0.0.1: configs set, read, listed and deleted with the
// 0.3 methods (tasks/pushNotificationConfig/*) and v1.0's, the task's updates delivered to a real
// receiving server (allowed explicitly: 127.0.0.1), and private or loopback targets refused by default.
import { createHash, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { afterEach, describe, expect, it } from 'vitest';
import { httpCall } from '../support/httpCall.js';
import { startA2aRuntime, waitScript } from './fixtures.js';

interface Delivered {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status the receiver answered. */
  readonly status: number;
}

let receiver: Server | undefined;
afterEach(async () => {
  const running = receiver;
  receiver = undefined;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
});

/**
 * A receiver on 127.0.0.1 answering `statuses` in turn (then 200); `until(text, count)` settles with
 * the first body containing `text` once `count` such bodies arrived.
 */
async function startReceiver(statuses: number[] = []) {
  const delivered: Delivered[] = [];
  const waiters: { text: string; count: number; resolve: (d: Delivered) => void }[] = [];
  const matching = (text: string) => delivered.filter((d) => d.body.includes(text));
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      res.writeHead(status).end();
      delivered.push({ headers: req.headers, body, status });
      for (const waiter of waiters.filter((w) => matching(w.text).length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(matching(waiter.text)[0] as Delivered);
      }
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const until = (text: string, count = 1) =>
    new Promise<Delivered>((resolve) => {
      const found = matching(text);
      if (found.length >= count) resolve(found[0] as Delivered);
      else waiters.push({ text, count, resolve });
    });
  return { url, delivered, until };
}

async function rpc(base: string, method: string, params: unknown, version?: '1.0') {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(version ? { 'a2a-version': version } : {}) };
  const answer = await httpCall(`${base}/a2a/jsonrpc`, 'POST', headers, JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }));
  return JSON.parse(answer.body) as { result?: unknown; error?: { code: number; message: string } };
}

/** Verifies a compact ES256 JWS with node:crypto alone (independent of the signer's library); its decoded header and payload. */
function verifyEs256(jwt: string, key: KeyObject): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('bad signature');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload) };
}

describe('A2A push notifications', () => {
  it('sets, gets, lists and deletes configs (0.3 methods) and delivers the task’s updates to the receiver', async () => {
    const hook = await startReceiver();
    await using runtime = await startA2aRuntime(waitScript, { push: { allowedHosts: ['127.0.0.1'] } });
    const card = JSON.parse((await httpCall(`${runtime.url}/.well-known/agent-card.json`, 'GET')).body) as { capabilities: unknown };
    expect(card.capabilities).toMatchObject({ pushNotifications: true });

    const client = new A2aJsonRpcClient({ agent: 'w', url: `${runtime.url}/a2a/jsonrpc`, version: '0.3' });
    const stream = client.stream({ message: { kind: 'message', messageId: 'm-1', role: 'user', parts: [{ kind: 'text', text: 'wait' }] } });
    const taskId = ((await stream.next()).value as { id: string }).id;

    const set = await rpc(runtime.url, 'tasks/pushNotificationConfig/set', {
      taskId,
      pushNotificationConfig: { id: 'cfg-1', url: hook.url, token: 'secret-token' },
    });
    expect(set.result).toMatchObject({ taskId, pushNotificationConfig: { id: 'cfg-1', url: hook.url } });
    const got = await rpc(runtime.url, 'tasks/pushNotificationConfig/get', { id: taskId, pushNotificationConfigId: 'cfg-1' });
    expect(got.result).toMatchObject({ taskId, pushNotificationConfig: { id: 'cfg-1', url: hook.url } });
    const listed = await rpc(runtime.url, 'tasks/pushNotificationConfig/list', { id: taskId });
    expect(listed.result).toHaveLength(1);

    await client.call('CancelTask', { id: taskId }, taskId);
    const canceled = await hook.until('canceled');
    expect(canceled.headers['x-a2a-notification-token']).toBe('secret-token');
    // A 0.3 receiver gets the 0.3 form: here the whole task, canceled.
    expect(JSON.parse(canceled.body)).toMatchObject({ kind: 'task', id: taskId, status: { state: 'canceled' } });
    await stream.return(undefined);

    const deleted = await rpc(runtime.url, 'tasks/pushNotificationConfig/delete', { id: taskId, pushNotificationConfigId: 'cfg-1' });
    expect(deleted).toMatchObject({ result: null });
    expect((await rpc(runtime.url, 'tasks/pushNotificationConfig/list', { id: taskId })).result).toEqual([]);
  });

  it('delivers v1.0 StreamResponse bodies for a config created over v1.0, retrying a 503', async () => {
    const hook = await startReceiver([503]);
    await using runtime = await startA2aRuntime(waitScript, { push: { allowedHosts: ['127.0.0.1'], attempts: 2 } });
    const client = new A2aJsonRpcClient({ agent: 'w', url: `${runtime.url}/a2a/jsonrpc`, version: '1.0' });
    const stream = client.stream({ message: { messageId: 'm-2', role: 'ROLE_USER', parts: [{ text: 'wait' }] } });
    const taskId = ((await stream.next()).value as { task: { id: string } }).task.id;
    const created = await rpc(
      runtime.url,
      'CreateTaskPushNotificationConfig',
      { taskId, url: hook.url, authentication: { scheme: 'Bearer', credentials: 'abc' } },
      '1.0',
    );
    expect(created.result).toMatchObject({ taskId, url: hook.url });
    const listed = (await rpc(runtime.url, 'ListTaskPushNotificationConfigs', { taskId }, '1.0')).result as { configs: unknown[] };
    expect(listed.configs).toHaveLength(1);

    await client.call('CancelTask', { id: taskId }, taskId);
    const canceled = await hook.until('TASK_STATE_CANCELED');
    expect(canceled.headers.authorization).toBe('Bearer abc');
    expect(canceled.headers['content-type']).toBe('application/a2a+json');
    expect(JSON.parse(canceled.body)).toMatchObject({ statusUpdate: { taskId, status: { state: 'TASK_STATE_CANCELED' } } });
    // The first notification was answered 503 and delivered again.
    const [refused, ...later] = hook.delivered;
    expect(refused?.status).toBe(503);
    expect(later.some((d) => d.body === refused?.body && d.status === 200)).toBe(true);
    await stream.return(undefined);
  });

  it('refuses loopback, private, link-local and non-http targets by default, with a reason and nothing stored', async () => {
    await using runtime = await startA2aRuntime(waitScript, { push: {} });
    const client = new A2aJsonRpcClient({ agent: 'w', url: `${runtime.url}/a2a/jsonrpc`, version: '1.0' });
    const stream = client.stream({ message: { messageId: 'm-3', role: 'ROLE_USER', parts: [{ text: 'wait' }] } });
    const taskId = ((await stream.next()).value as { task: { id: string } }).task.id;
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://10.1.2.3/hook',
      'http://192.168.0.7/hook',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
      'http://localhost/x',
      'file:///etc/passwd',
    ]) {
      const answer = await rpc(runtime.url, 'CreateTaskPushNotificationConfig', { taskId, url }, '1.0');
      expect(answer.error?.code, url).toBe(-32602);
      expect(answer.error?.message, url).toContain('are refused');
    }
    const listed = (await rpc(runtime.url, 'ListTaskPushNotificationConfigs', { taskId }, '1.0')).result as { configs: unknown[] };
    expect(listed.configs ?? []).toEqual([]); // proto JSON leaves out an empty list
    await client.call('CancelTask', { id: taskId }, taskId);
    await stream.return(undefined);
  });

  it('signs every notification with a JWT over its body and receiver, verifiable with the key at /.well-known/jwks.json', async () => {
    const hook = await startReceiver();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signing = { privateKey, kid: 'push-key-1', alg: 'ES256' };
    await using runtime = await startA2aRuntime(waitScript, { push: { allowedHosts: ['127.0.0.1'], signing } });
    const jwks = JSON.parse((await httpCall(`${runtime.url}/.well-known/jwks.json`, 'GET')).body) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    expect(jwks.keys.map((key) => [key.kid, key.alg, key.use, key.kty])).toEqual([['push-key-1', 'ES256', 'sig', 'EC']]);
    expect(jwks.keys[0]).not.toHaveProperty('d'); // the public half only

    const client = new A2aJsonRpcClient({ agent: 'w', url: `${runtime.url}/a2a/jsonrpc`, version: '1.0' });
    const stream = client.stream({ message: { messageId: 'm-4', role: 'ROLE_USER', parts: [{ text: 'wait' }] } });
    const taskId = ((await stream.next()).value as { task: { id: string } }).task.id;
    await rpc(runtime.url, 'CreateTaskPushNotificationConfig', { taskId, url: hook.url }, '1.0');
    const ownUrl = `${hook.url}?own-credentials`;
    const authentication = { scheme: 'Bearer', credentials: 'receiver-secret' };
    await rpc(runtime.url, 'CreateTaskPushNotificationConfig', { taskId, id: 'own', url: ownUrl, authentication }, '1.0');
    await client.call('CancelTask', { id: taskId }, taskId);
    await hook.until('TASK_STATE_CANCELED', 2);
    await stream.return(undefined);
    const audience = (d: Delivered) =>
      d.headers['x-a2a-notification-jwt']
        ? verifyEs256(String(d.headers['x-a2a-notification-jwt']), createPublicKey({ key: jwks.keys[0] as JsonWebKey, format: 'jwk' }))
            .payload.aud
        : undefined;
    const canceled = hook.delivered.find((d) => d.body.includes('TASK_STATE_CANCELED') && audience(d) === hook.url);
    const own = hook.delivered.find((d) => d.body.includes('TASK_STATE_CANCELED') && audience(d) === ownUrl);
    if (canceled === undefined || own === undefined) throw new Error('both receivers should hear the cancellation');
    // A config with credentials of its own keeps them in Authorization; the JWT is in its own header.
    expect(own.headers.authorization).toBe('Bearer receiver-secret');

    const jwt = String(canceled.headers['x-a2a-notification-jwt']);
    expect(canceled.headers.authorization).toBe(`Bearer ${jwt}`); // no credentials of the config's own: the JWT is there too
    const publicKey = createPublicKey({ key: jwks.keys[0] as JsonWebKey, format: 'jwk' });
    const claims = verifyEs256(jwt, publicKey);
    expect(claims.header).toEqual({ alg: 'ES256', kid: 'push-key-1', typ: 'JWT' });
    expect(claims.payload).toMatchObject({ aud: hook.url, request_body_sha256: createHash('sha256').update(canceled.body).digest('hex') });
    expect(typeof claims.payload.iat).toBe('number');
    // Each POST has its own jti, so a receiver can refuse a replay.
    const jtis = hook.delivered.map((d) => verifyEs256(String(d.headers['x-a2a-notification-jwt']), publicKey).payload.jti);
    expect(new Set(jtis).size).toBe(hook.delivered.length);
    // Another key does not verify it.
    const other = createPublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    expect(() => verifyEs256(jwt, other)).toThrow(/bad signature/);
  });

  it('answers push methods with PushNotificationNotSupported (-32003) when push is off', async () => {
    await using runtime = await startA2aRuntime(waitScript);
    const answer = await rpc(runtime.url, 'CreateTaskPushNotificationConfig', { taskId: 't', url: 'https://example.org/hook' }, '1.0');
    expect(answer.error?.code).toBe(-32003);
  });
});
