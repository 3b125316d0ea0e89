import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { StreamResponse, Task, TaskPushNotificationConfig } from '@a2a-js/sdk';
import { V03PushNotificationSerializer } from '@a2a-js/sdk/compat/v0_3/server';
import {
  type PushNotificationSender,
  type PushNotificationSerializer,
  type PushNotificationStore,
  type ServerCallContext,
  type StoredPushNotificationConfig,
  V1PushNotificationSerializer,
} from '@a2a-js/sdk/server';
import { CortexError } from '@cortex-os/kernel';
import { A2aError } from '../errors/A2aError.js';
import type { A2aPushDelivery, A2aPushOutbox } from './A2aPushOutbox.js';
import { PUSH_JWT_HEADER, type PushNotificationSigner } from './createPushNotificationSigner.js';
import type { PushTargetGuard } from './PushTargetGuard.js';

/**
 * Options of {@link GuardedPushNotificationSender}.
 * @public
 */
export interface GuardedPushNotificationSenderOptions {
  /** Where the configs are (the same store the request handler saves them in). */
  readonly store: PushNotificationStore;
  /** The SSRF guard, checked again at every connection. */
  readonly guard: PushTargetGuard;
  /** Time limit of one attempt, in ms (default 5 000). */
  readonly timeoutMs?: number | undefined;
  /** Attempts per notification, the first included (default 3). */
  readonly attempts?: number | undefined;
  /** Waits before attempt `n + 1` (default 200 ms × 2^(n-1)); inject a resolved promise in tests. */
  readonly backoff?: ((attempt: number) => Promise<void>) | undefined;
  /** Told of every notification that could not be delivered (default: dropped; the task is unaffected). */
  readonly onFailure?: ((error: A2aError) => void) | undefined;
  /** Signs every POST (a JWT over its body and receiver, see {@link createPushNotificationSigner}); default unsigned. */
  readonly signer?: PushNotificationSigner | undefined;
  /**
   * Keeps each notification until it is delivered or given up on (default: in memory only), so a
   * restarted server retries it ({@link GuardedPushNotificationSender.resume}).
   */
  readonly outbox?: A2aPushOutbox | undefined;
}

/** A notification on its way: its outbox id (when there is an outbox) and what was tried so far. */
type Delivery = Omit<A2aPushDelivery, 'id'> & { readonly id: number | undefined };

interface Outcome {
  readonly ok: boolean;
  /** Worth another attempt: a network error, a timeout, 408, 429 or 5xx. */
  readonly retry: boolean;
  readonly reason: string;
}

const serializers: Record<string, PushNotificationSerializer> = {
  '1.0': new V1PushNotificationSerializer(),
  '0.3': new V03PushNotificationSerializer(),
};

function taskIdOf(response: StreamResponse): string {
  const payload = response.payload;
  if (payload === undefined) return '';
  return payload.$case === 'task' ? payload.value.id : payload.value.taskId;
}

function authHeaders(config: TaskPushNotificationConfig): Record<string, string> {
  if (config.authentication?.scheme && config.authentication.credentials) {
    return { authorization: `${config.authentication.scheme} ${config.authentication.credentials}` };
  }
  return config.token ? { 'x-a2a-notification-token': config.token } : {};
}

/**
 * Delivers push notifications (`@a2a-js/sdk`'s `PushNotificationSender`) to the receivers of a
 * task's configs, with the SSRF guard at connection time, retries and a time limit per attempt.
 *
 * @remarks
 * Bodies are the SDK's: the v1.0 `StreamResponse` JSON (`application/a2a+json`) for a config
 * registered over v1.0, the bare 0.3 event for one registered over 0.3. Notifications of one task
 * are sent in order. A redirect is never followed (its target would escape the guard): it fails
 * the notification as `A2A_PUSH_TARGET_REFUSED`. A 2xx answer delivers; a network error, a
 * timeout, 408, 429 or 5xx is tried again up to `attempts`; anything else fails at once. A
 * notification that is not delivered is reported to `onFailure` as `A2A_PUSH_DELIVERY_FAILED`
 * (or the guard's refusal), never to the task or its client. With a `signer`, every POST carries a
 * JWT over its body and receiver (`X-A2A-Notification-JWT`, and `Authorization: Bearer` unless the
 * config has credentials of its own).
 * @public
 */
export class GuardedPushNotificationSender implements PushNotificationSender {
  readonly #store: PushNotificationStore;
  readonly #guard: PushTargetGuard;
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #backoff: (attempt: number) => Promise<void>;
  readonly #onFailure: (error: A2aError) => void;
  readonly #signer: PushNotificationSigner | undefined;
  readonly #outbox: A2aPushOutbox | undefined;
  readonly #chains = new Map<string, Promise<void>>();
  #closed = false;

  /** Creates a sender over the configs of `options.store`. */
  constructor(options: GuardedPushNotificationSenderOptions) {
    this.#store = options.store;
    this.#guard = options.guard;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#attempts = Math.max(1, options.attempts ?? 3);
    this.#backoff = options.backoff ?? ((attempt) => new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)).unref()));
    this.#onFailure = options.onFailure ?? (() => undefined);
    this.#signer = options.signer;
    this.#outbox = options.outbox;
  }

  /**
   * Stops attempting (the server is stopping): a notification waiting for its next attempt, or made
   * from now on, stays in the outbox for the next process. The outbox may be closed after this; an
   * attempt already in flight then leaves its entry as it is (delivered again later: at least once).
   */
  close(): void {
    this.#closed = true;
  }

  /** Writes to the outbox; once closed, a failure (the host closed the outbox) leaves the entry to the next process. */
  async #outboxWrite<T>(write: (outbox: A2aPushOutbox) => Promise<T>): Promise<T | undefined> {
    if (this.#outbox === undefined) return undefined;
    try {
      return await write(this.#outbox);
    } catch (error) {
      if (this.#closed) return undefined;
      throw error;
    }
  }

  /**
   * Goes on with the notifications the outbox holds (a previous process made them and stopped or
   * died before they were delivered): each gets the attempts it has left, after the backoff its
   * failed attempts call for; a task's notifications in the order they were made. Resolves when
   * every one is delivered or given up on, with how many there were.
   */
  async resume(): Promise<number> {
    const pending = (await this.#outbox?.pending()) ?? [];
    await Promise.all(pending.map((delivery) => this.#inOrder(delivery.taskId, () => this.#attempt(delivery))));
    return pending.length;
  }

  /** Runs `work` after the task's earlier notifications. */
  async #inOrder(taskId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.#chains.get(taskId) ?? Promise.resolve()).then(work);
    this.#chains.set(taskId, next);
    await next;
    if (this.#chains.get(taskId) === next) this.#chains.delete(taskId);
  }

  /** The headers of one POST: the config's credentials, and a fresh signature (new `iat`, `jti`) when signing. */
  async #headers(config: TaskPushNotificationConfig, contentType: string, body: string, url: URL): Promise<Record<string, string>> {
    const headers: Record<string, string> = { 'content-type': contentType, ...authHeaders(config) };
    if (this.#signer === undefined) return headers;
    const signed = await this.#signer.headers(body, url);
    const jwt = signed[PUSH_JWT_HEADER] ?? '';
    // The receiver's own credentials keep Authorization; otherwise the JWT goes there too (as A2A's samples read it).
    return { ...headers, ...signed, ...(headers.authorization === undefined ? { authorization: `Bearer ${jwt}` } : {}) };
  }

  /** Sends `response` to every receiver registered for its task, after the task's earlier notifications. */
  async send(response: StreamResponse, context: ServerCallContext, task?: Task): Promise<void> {
    const taskId = taskIdOf(response);
    if (taskId === '') return;
    const configs = await this.#configs(taskId, context);
    if (configs.length === 0) return;
    // Recorded at once, not when its turn comes: a notification queued behind a task's earlier ones survives a restart too.
    const deliveries = await Promise.all(configs.map((stored) => this.#record(taskId, stored, response, task)));
    if (this.#closed) return;
    await this.#inOrder(taskId, async () => {
      await Promise.all(deliveries.map((delivery) => this.#attempt(delivery)));
    });
  }

  async #configs(taskId: string, context: ServerCallContext): Promise<readonly StoredPushNotificationConfig[]> {
    if (this.#store.loadWithMetadata !== undefined) return this.#store.loadWithMetadata(taskId, context);
    const configs = await this.#store.load(taskId, context);
    return configs.map((config) => ({ config, wireVersion: context.requestedVersion || '0.3' }));
  }

  /** The notification as its receiver's config serializes it, recorded in the outbox when there is one. */
  async #record(taskId: string, stored: StoredPushNotificationConfig, response: StreamResponse, task: Task | undefined): Promise<Delivery> {
    const { body, contentType } = (serializers[stored.wireVersion] ?? serializers['1.0'])?.serialize(response, task) ?? {
      body: '',
      contentType: '',
    };
    const made = { taskId, config: stored.config, contentType, body };
    return { ...made, id: await this.#outboxWrite((outbox) => outbox.add(made)), attempts: 0 };
  }

  /** The attempts `delivery` has left, with backoff; its outbox entry is removed once it is delivered or given up on. */
  async #attempt(delivery: Delivery): Promise<void> {
    const { id, taskId, config, body, contentType } = delivery;
    let last: Outcome = { ok: false, retry: false, reason: 'no attempt left' };
    try {
      const url = this.#guard.check(config.url);
      for (let attempt = delivery.attempts + 1; attempt <= this.#attempts; attempt += 1) {
        if (attempt > 1) await this.#backoff(attempt - 1);
        // Stopping: the outbox keeps the notification for the next process.
        if (this.#closed) return;
        last = await this.#post(url, await this.#headers(config, contentType, body, url), body);
        if (last.ok || !last.retry) break;
        if (id !== undefined) await this.#outboxWrite((outbox) => outbox.attempted(id, attempt));
      }
      if (id !== undefined) await this.#outboxWrite((outbox) => outbox.remove(id));
      if (last.ok) return;
      this.#onFailure(
        A2aError.create('A2A_PUSH_DELIVERY_FAILED', { task: taskId, target: url.origin, attempts: this.#attempts, reason: last.reason }),
      );
    } catch (error) {
      if (!CortexError.is(error, 'A2A_PUSH_TARGET_REFUSED')) throw error;
      if (id !== undefined) await this.#outboxWrite((outbox) => outbox.remove(id));
      this.#onFailure(error as A2aError);
    }
  }

  /** One POST; resolves with its outcome, or rejects with the guard's refusal. */
  #post(url: URL, headers: Record<string, string>, body: string): Promise<Outcome> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: this.#guard.lookup(url),
        timeout: this.#timeoutMs,
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => {
        if (CortexError.is(error, 'A2A_PUSH_TARGET_REFUSED')) reject(error);
        else
          resolve({
            ok: false,
            retry: true,
            reason: `the receiver could not be reached (${(error as NodeJS.ErrnoException).code ?? 'network error'})`,
          });
      });
      req.on('response', (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          reject(
            A2aError.create('A2A_PUSH_TARGET_REFUSED', {
              target: url.origin,
              reason: `it answered a redirect (${status}), which is not followed`,
            }),
          );
        } else {
          resolve({
            ok: status >= 200 && status < 300,
            retry: status === 408 || status === 429 || status >= 500,
            reason: `HTTP ${status}`,
          });
        }
      });
      req.end(body);
    });
  }
}
