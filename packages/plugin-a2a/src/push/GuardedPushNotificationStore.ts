import type { TaskPushNotificationConfig } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import {
  InMemoryPushNotificationStore,
  type PushNotificationStore,
  type ServerCallContext,
  type StoredPushNotificationConfig,
} from '@a2a-js/sdk/server';
import { CortexError } from '@cortex-os/kernel';
import type { PushTargetGuard } from './PushTargetGuard.js';

/**
 * A `PushNotificationStore` that refuses to store a receiver URL its {@link PushTargetGuard}
 * refuses, and keeps the others in another store (the SDK's in-memory one by default).
 *
 * @remarks
 * A refused URL answers the client's `CreateTaskPushNotificationConfig` (or a `SendMessage`
 * carrying a push config) with an invalid-params error whose message says why
 * (`A2A_PUSH_TARGET_REFUSED`'s text); nothing is stored.
 * @public
 */
export class GuardedPushNotificationStore implements PushNotificationStore {
  readonly #guard: PushTargetGuard;
  readonly #inner: PushNotificationStore;

  /** Guards `inner` (default a new `InMemoryPushNotificationStore`) with `guard`. */
  constructor(guard: PushTargetGuard, inner: PushNotificationStore | undefined = undefined) {
    this.#guard = guard;
    this.#inner = inner ?? new InMemoryPushNotificationStore();
  }

  /** Stores the config once its URL passes the guard. */
  async save(taskId: string, context: ServerCallContext, config: TaskPushNotificationConfig): Promise<void> {
    try {
      this.#guard.check(config.url);
    } catch (error) {
      if (CortexError.is(error, 'A2A_PUSH_TARGET_REFUSED')) throw new RequestMalformedError(error.message);
      throw error;
    }
    await this.#inner.save(taskId, context, config);
  }

  /** The task's stored configs. */
  load(taskId: string, context: ServerCallContext): Promise<TaskPushNotificationConfig[]> {
    return this.#inner.load(taskId, context);
  }

  /** The task's stored configs with the wire version each was registered over. */
  async loadWithMetadata(taskId: string, context: ServerCallContext): Promise<StoredPushNotificationConfig[]> {
    if (this.#inner.loadWithMetadata !== undefined) return this.#inner.loadWithMetadata(taskId, context);
    const configs = await this.#inner.load(taskId, context);
    return configs.map((config) => ({ config, wireVersion: context.requestedVersion || '0.3' }));
  }

  /** Deletes one config, or every config of the task. */
  delete(taskId: string, context: ServerCallContext, configId?: string): Promise<void> {
    return this.#inner.delete(taskId, context, configId);
  }
}
