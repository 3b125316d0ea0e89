import { describe, expect, expectTypeOf, it } from 'vitest';
import { createMultiToken, createToken, type Token, type TokenOwner, type TokenValue } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';

describe('createToken', () => {
  it('carries its type to what resolving it gives', () => {
    const single = createToken<{ now(): number }>('app.clock');
    const multi = createMultiToken<string>('app.names');
    expectTypeOf<TokenValue<typeof single>>().toEqualTypeOf<{ now(): number }>();
    expectTypeOf<TokenValue<typeof multi>>().toEqualTypeOf<readonly string[]>();
    expect(single.multi).toBe(false);
    expect(multi.multi).toBe(true);
    expect(String(multi)).toBe('token(app.names, multi)');
  });

  it('rejects an id that breaks the pattern, naming the rule', async () => {
    const thrown = await expectCortexError(() => createToken('Memory Store'), 'TOKEN_ID_INVALID');
    expect(thrown.message).toMatchInlineSnapshot(
      `"Token id "Memory Store" is invalid: use lowercase dotted segments of letters, digits and dashes, e.g. "memory.store"."`,
    );
  });

  it('throws when the phantom type field is read at run time', () => {
    const token = createToken<number>('app.count');
    expect(() => token.$type).toThrow(/type-only/);
  });

  it('records the package that declares it and the contract version, on single and multi tokens', () => {
    const owner: TokenOwner = { package: '@acme/clock-api', version: '2' };
    const single = createToken<number>('acme.clock', { owner });
    const multi = createMultiToken<number>('acme.ticks', { owner });
    expect(single.owner).toEqual(owner);
    expect(multi.owner).toEqual(owner);
    expect(Object.isFrozen(single.owner)).toBe(true);
    expect(createToken<number>('app.local').owner).toBeUndefined();
  });

  it('rejects an owner that is not a package name with a whole-number contract version, listing each problem', async () => {
    const thrown = await expectCortexError(
      () => createToken('acme.clock', { owner: { package: 'Acme Clock', version: 'v1' } }),
      'TOKEN_OWNER_INVALID',
    );
    expect(thrown.message).toMatchInlineSnapshot(
      `"Token "acme.clock" has an invalid owner: package "Acme Clock" is not an npm package name (e.g. "@acme/clock-api"); version "v1" is not a whole-number contract version (e.g. "1")."`,
    );
  });

  it('keeps the container key out of the public type and out of the enumerable fields', () => {
    const token = createToken<number>('app.count');
    expectTypeOf<'key' extends keyof Token<number> ? true : false>().toEqualTypeOf<false>();
    expect(Object.keys(token).sort()).toEqual(['$type', 'id', 'multi', 'toString']);
  });
});
