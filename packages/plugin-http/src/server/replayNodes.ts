import { z } from 'zod';

type Payload = z.core.ParsePayload;
type Context = z.core.ParseContextInternal;

/** Marks an element the sliced pass did not validate (it went into it instead): validated in the final pass. */
export const NOT_PREPARED: unique symbol = Symbol('not prepared');

/**
 * The elements of an array as the sliced pass left them: each element's output value and, for
 * the few that failed, its issues (relative to the element). Kept apart rather than as one
 * payload object per element: they are held across yields, and fewer objects kept means less
 * for the garbage collector to move.
 */
export interface PreparedEntries {
  readonly inputs: readonly unknown[];
  readonly values: readonly unknown[];
  /** Sparse: only the elements that had issues. */
  readonly issues: readonly (z.core.$ZodRawIssue[] | undefined)[];
}

/** A record as the sliced pass left it: what its parse gave (value and issues), its own checks not yet run. */
export interface PreparedWhole {
  readonly whole: Payload;
}

/** What the sliced pass left for one array or record of the body. */
export type Prepared = PreparedEntries | PreparedWhole;

/** The entries of the container being replayed and the next one to hand out. */
interface Cursor {
  readonly entries: PreparedEntries;
  next: number;
}

// The final pass is synchronous: these are set around it and restored after, so concurrent
// requests (each validated between two turns of the loop) never see each other's.
let prepared: Map<object, Prepared> | undefined;
let cursor: Cursor | undefined;

/**
 * Runs `pass` with `entries` (keyed by the array or record they belong to) available to the
 * replay nodes of a sliced schema (internal).
 */
export function withPrepared<T>(entries: Map<object, Prepared>, pass: () => T): T {
  const saved = prepared;
  prepared = entries;
  try {
    return pass();
  } finally {
    prepared = saved;
  }
}

interface InnerDef extends z.core.$ZodTypeDef {
  readonly inner: z.core.$ZodType;
}

/** What was prepared for `value`, handed out once (a value shared by two places is validated again in the second). */
function take(value: unknown): Prepared | undefined {
  if (typeof value !== 'object' || value === null || prepared === undefined) return undefined;
  const found = prepared.get(value);
  if (found !== undefined) prepared.delete(value);
  return found;
}

interface RecordDef extends InnerDef {
  /** A schema that takes any value and runs the record's own checks (refinements) on it. */
  readonly checksOnly: z.core.$ZodType;
}

/**
 * Stands for a record schema: when the value it is given was validated in slices of keys (each
 * slice by the record without its checks), gives what those slices gave, joined in key order,
 * and runs the record's checks on it; otherwise validates it as the record does.
 */
const PreparedRecord = z.core.$constructor<z.core.$ZodType, RecordDef>('CortexPreparedRecord', (inst, def) => {
  z.core.$ZodType.init(inst, def);
  inst._zod.parse = (payload: Payload, ctx: Context) => {
    const found = take(payload.value);
    if (found === undefined || !('whole' in found)) return def.inner._zod.run(payload, ctx);
    return def.checksOnly._zod.run({ value: found.whole.value, issues: found.whole.issues }, ctx);
  };
});

/**
 * Wraps an array schema (its element schema a {@link ReplayElement}): when the value
 * it is given was prepared, its elements are handed out from those entries in order; otherwise
 * they are validated as usual. The container's own parse and checks run unchanged.
 */
const PreparedContainer = z.core.$constructor<z.core.$ZodType, InnerDef>('CortexPreparedContainer', (inst, def) => {
  z.core.$ZodType.init(inst, def);
  inst._zod.parse = (payload: Payload, ctx: Context) => {
    const entries = take(payload.value);
    const saved = cursor;
    cursor = entries === undefined || !('inputs' in entries) ? undefined : { entries, next: 0 };
    try {
      return def.inner._zod.run(payload, ctx);
    } finally {
      cursor = saved;
    }
  };
});

/**
 * An element schema that gives the prepared result for the input it is handed, or validates it.
 * Entries are matched in order by identity (an array asks for every element in order; an entry
 * that does not match is passed over).
 */
const ReplayElement = z.core.$constructor<z.core.$ZodType, InnerDef>('CortexReplayElement', (inst, def) => {
  z.core.$ZodType.init(inst, def);
  inst._zod.parse = (payload: Payload, ctx: Context) => {
    const current = cursor;
    // The element's own validation must not hand out its container's entries to nested elements.
    cursor = undefined;
    try {
      if (current !== undefined) {
        const { inputs, values, issues } = current.entries;
        while (current.next < inputs.length) {
          const at = current.next;
          current.next += 1;
          if (!Object.is(inputs[at], payload.value)) continue;
          if (values[at] === NOT_PREPARED) break;
          payload.value = values[at];
          const found = issues[at];
          if (found !== undefined) for (const issue of found) payload.issues.push(issue);
          return payload;
        }
      }
      return def.inner._zod.run(payload, ctx);
    } finally {
      cursor = current;
    }
  };
});

/** `record` behind a {@link PreparedRecord}; `checksOnly` runs its checks. */
export function preparedRecord(record: z.core.$ZodType, checksOnly: z.core.$ZodType): z.core.$ZodType {
  return new PreparedRecord({ type: 'custom', inner: record, checksOnly });
}

/** `container` (an array whose element schema is `replayElement(element)`) behind a {@link PreparedContainer}. */
export function preparedContainer(container: z.core.$ZodType): z.core.$ZodType {
  return new PreparedContainer({ type: 'custom', inner: container });
}

/** The element schema of a container that {@link preparedContainer} wraps. */
export function replayElement(element: z.core.$ZodType): z.core.$ZodType {
  return new ReplayElement({ type: 'custom', inner: element });
}
