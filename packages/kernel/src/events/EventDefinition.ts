import type { z } from 'zod';
import { defineContract, type Contract } from '../contracts/Contract.js';

/**
 * A typed event: its type name is the name of its contract.
 * @public
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> extends Contract<S> {
  /** Same as `name`: the CloudEvents `type`. */
  readonly type: string;
}

/**
 * The data type an event definition carries.
 * @public
 */
export type EventData<E> = E extends EventDefinition<infer S> ? z.output<S> : never;

/**
 * Options of {@link defineEvent}.
 * @public
 */
export interface DefineEventOptions<S extends z.ZodType> {
  /** Dotted type name, e.g. `notes.added`; it is also the contract name. */
  readonly type: string;
  /** Semver of the data schema, e.g. `1.0.0`. */
  readonly version: string;
  /** The zod schema of the event's data. */
  readonly data: S;
  /** What happened, in plain words. */
  readonly description?: string;
}

/**
 * Defines a typed event. Plugins list their events in `definePlugin({ events })` so they are
 * registered before anything publishes.
 * @throws {@link KernelError} `CONTRACT_DEFINITION_INVALID` for a bad type or version.
 * @example
 * ```ts
 * const noteAdded = defineEvent({ type: 'notes.added', version: '1.0.0', data: z.object({ id: z.string() }) });
 * ```
 * @public
 */
export function defineEvent<S extends z.ZodType>(options: DefineEventOptions<S>): EventDefinition<S> {
  const contract = defineContract({
    name: options.type,
    version: options.version,
    schema: options.data,
    ...(options.description === undefined ? {} : { description: options.description }),
  });
  return Object.freeze({ ...contract, type: options.type });
}
