import { z } from 'zod';

/**
 * `true` when schema `S` accepts every `T` and yields a `T`, key for key (so a strict parse
 * rejects no key of `T`). Use it as a compile-time proof that an options schema and the
 * options interface it mirrors have not drifted apart:
 * `true satisfies SchemaFits<CreateThingOptions, typeof thingOptionsSchema>;`
 * @public
 */
export type SchemaFits<T, S extends z.ZodType> = [z.output<S>] extends [T]
  ? [T] extends [z.input<S>]
    ? [Exclude<keyof T, keyof z.input<S>> | Exclude<keyof z.input<S>, keyof T>] extends [never]
      ? true
      : false
    : false
  : false;

/** Drops keys set to `undefined` at any depth of plain objects and arrays. */
function withoutUndefined(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(withoutUndefined);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, field]) => (field === undefined ? [] : [[key, withoutUndefined(field)]])));
}

/**
 * Wraps a plugin's options schema so that keys set to `undefined` read as "not set" — hosts
 * can write `{ apiKey: process.env.OPENAI_API_KEY }` even under strict (`exactOptional`) schemas.
 * @example
 * ```ts
 * definePlugin({ name: 'thing', version: '1.0.0', options: pluginOptionsSchema(z.strictObject({ url: z.url().exactOptional() })).default({}) });
 * ```
 * @public
 */
export function pluginOptionsSchema<S extends z.ZodType>(schema: S): z.ZodType<z.output<S>, z.input<S>> {
  return z.preprocess(withoutUndefined, schema) as unknown as z.ZodType<z.output<S>, z.input<S>>;
}
