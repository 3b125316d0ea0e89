import type { TaskPushNotificationConfig } from '@a2a-js/sdk';

/**
 * One push notification not yet delivered: the body as serialized for its receiver's config, and
 * how many attempts were made (and failed, worth another try).
 * @public
 */
export interface A2aPushDelivery {
  /** The outbox's id of the delivery (order of `add`). */
  readonly id: number;
  readonly taskId: string;
  /** The receiver's config (URL and credentials), as it was when the notification was made. */
  readonly config: TaskPushNotificationConfig;
  readonly contentType: string;
  readonly body: string;
  /** Failed attempts so far. */
  readonly attempts: number;
}

/**
 * Where a {@link GuardedPushNotificationSender} keeps the notifications it has not delivered yet,
 * so that a restarted server goes on retrying them ({@link SqliteA2aPushOutbox}). Every method
 * commits before it resolves.
 * @public
 */
export interface A2aPushOutbox {
  /** Records a notification before its first attempt; resolves with its id. */
  add(delivery: Omit<A2aPushDelivery, 'id' | 'attempts'>): Promise<number>;
  /** Records that `attempts` attempts have failed in a way worth retrying. */
  attempted(id: number, attempts: number): Promise<void>;
  /** Forgets a delivery: delivered, or given up on. */
  remove(id: number): Promise<void>;
  /** Every delivery not yet removed, in the order they were added. */
  pending(): Promise<readonly A2aPushDelivery[]>;
}
