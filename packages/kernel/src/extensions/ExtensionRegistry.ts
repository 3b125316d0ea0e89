import { KernelError } from '../errors/KernelError.js';
import { labelContribution, type AnyExtensionPoint } from './ExtensionPoint.js';
import { ContributionCollection, type ExtensionPointContribution } from './ExtensionPointContributions.js';

/** Where a kernel-owned point's values go: a registry's `register`, which returns its remover. */
type KernelSink = (value: unknown) => () => void;

interface DeclaredPoint {
  readonly point: AnyExtensionPoint;
  /** `kernel`, or the name of the declaring plugin. */
  readonly declaredBy: string;
  readonly sink?: KernelSink;
  readonly collection?: ContributionCollection<unknown>;
}

/** What one contributor added to one point, kept to describe and to withdraw it. */
interface Contributed {
  readonly point: string;
  readonly labels: string[];
  readonly removers: (() => void)[];
}

/**
 * The kernel's extension points and who contributed what: routes each contribution to the
 * owning registry (kernel points) or the declaring plugin's collection, and withdraws a
 * contributor's values when it stops. Assembly has already checked that every contributed point
 * is declared once.
 * @internal
 */
export class ExtensionRegistry {
  readonly #points = new Map<string, DeclaredPoint>();
  readonly #byContributor = new Map<string, Contributed[]>();
  readonly #onListenerError: (error: unknown, point: string) => void;

  constructor(onListenerError: (error: unknown, point: string) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Declares a point the kernel owns, whose values go to `sink`. */
  declareKernelPoint(point: AnyExtensionPoint, sink: KernelSink): void {
    this.#points.set(point.id, { point, declaredBy: 'kernel', sink });
  }

  /** Declares a plugin's point and returns the live collection the plugin reads. */
  declare(point: AnyExtensionPoint, plugin: string): ContributionCollection<unknown> {
    const collection = new ContributionCollection<unknown>(point, this.#onListenerError);
    this.#points.set(point.id, { point, declaredBy: plugin, collection });
    return collection;
  }

  /** Every declared point and who declared it, kernel points first. */
  points(): readonly { readonly id: string; readonly declaredBy: string }[] {
    return [...this.#points.values()].map(({ point, declaredBy }) => ({ id: point.id, declaredBy }));
  }

  /**
   * Adds a contributor's values to a point. Values registered before a failure stay recorded, so
   * {@link ExtensionRegistry.withdraw} removes them with the rest.
   * @throws the registry's own error (e.g. `TOOL_DUPLICATE`), renamed to say which plugin contributed what.
   */
  contribute(contributor: string, point: AnyExtensionPoint, values: readonly unknown[]): void {
    const declared = this.#points.get(point.id) as DeclaredPoint;
    const record: Contributed = { point: point.id, labels: [], removers: [] };
    this.#record(contributor, record);
    const labelled = values.map((value, index) => ({ contributor, value, label: labelContribution(point, value, index) }));
    if (declared.collection !== undefined) {
      declared.collection.add(labelled as readonly ExtensionPointContribution<unknown>[]);
      record.labels.push(...labelled.map((c) => c.label));
      record.removers.push(() => declared.collection?.removeContributor(contributor));
      return;
    }
    for (const { value, label } of labelled) {
      try {
        record.removers.push((declared.sink as KernelSink)(value));
      } catch (error) {
        throw contributionFailed(contributor, point, label, error);
      }
      record.labels.push(label);
    }
  }

  /** Removes every value a contributor added, last first; returns the errors removers threw. */
  withdraw(contributor: string): unknown[] {
    const records = this.#byContributor.get(contributor) ?? [];
    this.#byContributor.delete(contributor);
    const failures: unknown[] = [];
    for (const record of records.reverse()) {
      for (const remove of record.removers.reverse()) {
        try {
          remove();
        } catch (error) {
          failures.push(error);
        }
      }
    }
    return failures;
  }

  /** What a contributor has contributed now, by point id. */
  contributionsOf(contributor: string): Readonly<Record<string, readonly string[]>> {
    const out: Record<string, string[]> = {};
    for (const { point, labels } of this.#byContributor.get(contributor) ?? []) (out[point] ??= []).push(...labels);
    return out;
  }

  #record(contributor: string, record: Contributed): void {
    const records = this.#byContributor.get(contributor) ?? [];
    records.push(record);
    this.#byContributor.set(contributor, records);
  }
}

/** Keeps the registry's code (a kernel code such as `TOOL_DUPLICATE`) and names the plugin and the point. */
function contributionFailed(contributor: string, point: AnyExtensionPoint, label: string, error: unknown): KernelError {
  const reason = (error as Error)?.message ?? String(error);
  // A kernel registry's own code stays matchable (`CortexError.is(err, 'TOOL_DUPLICATE')`); anything else is the plugin's failure.
  const code = error instanceof KernelError ? error.code : 'PLUGIN_HOOK_FAILED';
  return new KernelError(code, `Plugin "${contributor}" could not contribute "${label}" to ${String(point)}: ${reason}`, {
    details: { plugin: contributor, point: point.id, contribution: label },
    cause: error,
  });
}
