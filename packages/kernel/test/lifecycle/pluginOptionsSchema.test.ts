import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createKernel, definePlugin, pluginOptionsSchema, type SchemaFits } from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

interface ThingOptions {
  readonly url?: string;
  readonly retries?: number;
}
const thingSchema = z.strictObject({ url: z.url().exactOptional(), retries: z.int().min(0).exactOptional() });
true satisfies SchemaFits<ThingOptions, typeof thingSchema>;
// @ts-expect-error a schema missing a key of the interface does not fit
true satisfies SchemaFits<ThingOptions, typeof z.strictObject<{ url: z.ZodExactOptional<z.ZodURL> }>>;

describe('pluginOptionsSchema', () => {
  it('reads keys set to undefined as not set, at any depth, so env lookups can be passed straight through', () => {
    const schema = pluginOptionsSchema(
      z.strictObject({ url: z.url().exactOptional(), nested: z.strictObject({ key: z.string().exactOptional() }).exactOptional() }),
    );
    expect(schema.parse({ url: undefined, nested: { key: undefined } })).toEqual({ nested: {} });
  });

  it('still reports wrong types and unknown keys at assembly, naming the plugin and the field', () => {
    const thing = definePlugin({ name: 'thing', version: '1.0.0', options: pluginOptionsSchema(thingSchema).default({}) });
    expect(() => createKernel({ plugins: [thing({ retries: -1 })], logger: silentLogger() })).toThrow(
      'Plugin "thing" options are invalid: retries: Too small: expected number to be >=0.',
    );
    expect(() => createKernel({ plugins: [thing({ urll: 'x' } as never)], logger: silentLogger() })).toThrow(
      'Plugin "thing" options are invalid: (root): Unrecognized key: "urll".',
    );
  });
});
