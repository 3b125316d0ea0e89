import { describeIoError } from './describeIoError.js';

/**
 * When a derived index (vector or keyword) is saved, apart from the writes that change it:
 * counts the changes since the last save, schedules a save once enough piled up (after the
 * writers are answered), remembers why the last save failed and retries it on the store's timer.
 * A failed save is warned about once per reason and never thrown: the index is derived data.
 */
export class IndexSaveSchedule {
  readonly #saveEvery: number;
  /** Saves; returns false when there was nothing to save (the changes stay counted); throws when it failed. */
  readonly #save: () => boolean;
  readonly #warn: (reason: string) => void;
  #changes = 0;
  #failure: string | undefined;
  #scheduled: NodeJS.Immediate | undefined;

  constructor(saveEvery: number, save: () => boolean, warn: (reason: string) => void) {
    this.#saveEvery = saveEvery;
    this.#save = save;
    this.#warn = warn;
  }

  /** Why the last save failed, while it has not succeeded since. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Changes not yet saved. */
  get unsaved(): number {
    return this.#changes;
  }

  /** Records changes after their commit; schedules a save once enough piled up. */
  noteChanges(count: number): void {
    this.#changes += count;
    if (this.#changes < this.#saveEvery || this.#scheduled !== undefined) return;
    this.#scheduled = setImmediate(() => {
      this.#scheduled = undefined;
      this.trySave();
    });
    this.#scheduled.unref();
  }

  /** Marks the saved index as out of date, so the next save (at the latest on close) writes it. */
  markStale(changes: number): void {
    this.#changes = Math.max(this.#changes, changes, 1);
  }

  /** Saves now; returns whether it worked. */
  trySave(): boolean {
    this.#cancel();
    try {
      if (!this.#save()) return true;
      this.#changes = 0;
      this.#failure = undefined;
      return true;
    } catch (error) {
      const reason = describeIoError(error);
      if (this.#failure !== reason) this.#warn(reason);
      this.#failure = reason;
      return false;
    }
  }

  /** Retries a failed save (called on the store's timer). */
  retry(): void {
    if (this.#failure !== undefined) this.trySave();
  }

  /** Saves what is unsaved before the store closes; never throws. */
  close(): void {
    this.#cancel();
    if (this.#changes > 0) this.trySave();
  }

  #cancel(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
  }
}
