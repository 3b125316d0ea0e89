import { describe, expect, expectTypeOf, it } from 'vitest';
import { CortexError, createMultiToken, createToken, type TokenValue } from '@cortex-os/kernel';

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

  it('rejects an id that breaks the pattern, naming the rule', () => {
    let thrown: unknown;
    try {
      createToken('Memory Store');
    } catch (error) {
      thrown = error;
    }
    expect(CortexError.is(thrown, 'TOKEN_ID_INVALID')).toBe(true);
    expect((thrown as Error).message).toMatchInlineSnapshot(
      `"Token id "Memory Store" is invalid: use lowercase dotted segments of letters, digits and dashes, e.g. "memory.store"."`,
    );
  });

  it('throws when the phantom type field is read at run time', () => {
    const token = createToken<number>('app.count');
    expect(() => token.$type).toThrow(/type-only/);
  });
});
