import type { ExtensionPoint } from './ExtensionPoint.js';
import { createDisposer, type Disposer } from '../lifecycle/Disposer.js';

/**
 * One value contributed to an extension point, with the plugin it came from.
 * @public
 */
export interface ExtensionPointContribution<T> {
  /** The name of the contributing plugin. */
  readonly contributor: string;
  /** The contributed value. */
  readonly value: T;
  /** The value's name, from the point's `label` (or its position, `#1`). */
  readonly label: string;
}

/**
 * What changed in an extension point's contributions: a contributor's values arrive together
 * when it has started and leave together when it stops.
 * @public
 */
export interface ExtensionPointChange<T> {
  /** Contributions added, in contribution order. */
  readonly added: readonly ExtensionPointContribution<T>[];
  /** Contributions removed. */
  readonly removed: readonly ExtensionPointContribution<T>[];
}

/**
 * The live contributions to an extension point, as the plugin that declares it reads them.
 *
 * @remarks
 * Contributions appear when their contributor has started, and disappear when it stops (before
 * its `stop` hook), so read {@link ExtensionPointContributions.list} for the present and follow
 * {@link ExtensionPointContributions.onChange} for what comes and goes.
 * @public
 */
export interface ExtensionPointContributions<T> {
  /** The extension point these contributions belong to. */
  readonly point: ExtensionPoint<T>;
  /** Every present contribution, in the order it arrived. */
  list(): readonly ExtensionPointContribution<T>[];
  /** The present values alone, in the order they arrived. */
  values(): readonly T[];
  /**
   * Listens for contributions added or removed; returns a function that stops listening.
   * A listener that throws is logged and never stops the others or the contributor.
   */
  onChange(listener: (change: ExtensionPointChange<T>) => void): Disposer;
}

/**
 * The kernel's collection behind a plugin-declared point.
 * @internal
 */
export class ContributionCollection<T> implements ExtensionPointContributions<T> {
  readonly point: ExtensionPoint<T>;
  #entries: readonly ExtensionPointContribution<T>[] = [];
  readonly #listeners = new Set<(change: ExtensionPointChange<T>) => void>();
  readonly #onListenerError: (error: unknown, point: string) => void;

  constructor(point: ExtensionPoint<T>, onListenerError: (error: unknown, point: string) => void) {
    this.point = point;
    this.#onListenerError = onListenerError;
  }

  list(): readonly ExtensionPointContribution<T>[] {
    return this.#entries;
  }

  values(): readonly T[] {
    return this.#entries.map((entry) => entry.value);
  }

  onChange(listener: (change: ExtensionPointChange<T>) => void): Disposer {
    // A wrapper per subscription, so the same function subscribed twice is removed once per disposer.
    const subscription = (change: ExtensionPointChange<T>): void => listener(change);
    this.#listeners.add(subscription);
    return createDisposer(() => this.#listeners.delete(subscription));
  }

  /** Adds a contributor's values in one change. */
  add(added: readonly ExtensionPointContribution<T>[]): void {
    if (added.length === 0) return;
    this.#entries = Object.freeze([...this.#entries, ...added]);
    this.#emit({ added, removed: [] });
  }

  /** Removes every value a contributor added, in one change. */
  removeContributor(contributor: string): void {
    const removed = this.#entries.filter((entry) => entry.contributor === contributor);
    if (removed.length === 0) return;
    this.#entries = Object.freeze(this.#entries.filter((entry) => entry.contributor !== contributor));
    this.#emit({ added: [], removed });
  }

  #emit(change: ExtensionPointChange<T>): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.#onListenerError(error, this.point.id);
      }
    }
  }
}
