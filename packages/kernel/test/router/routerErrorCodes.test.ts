import { KernelError, kernelErrorCatalogue } from '@cortex-os/kernel';
import { isRouterError, type RouterErrorCode, routerErrorCodes } from '@cortex-os/kernel/router';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('routerErrorCodes', () => {
  it("lists exactly the kernel catalogue's router and provider codes, each with its entry", () => {
    const expected = Object.keys(kernelErrorCatalogue).filter((code) => code.startsWith('ROUTER_') || code.startsWith('PROVIDER_'));
    expect([...routerErrorCodes].sort()).toEqual(expected.sort());
    expect(routerErrorCodes).toContain('ROUTER_NO_PROVIDER');
    expect(routerErrorCodes).toContain('PROVIDER_TOOL_CALL_INVALID');
    expect(routerErrorCodes).not.toContain('PLUGIN_PROVIDER_DUPLICATE');
    expect(Object.isFrozen(routerErrorCodes)).toBe(true);
  });

  it('narrows a caught error to the router codes a caller can switch over', () => {
    const error: unknown = new KernelError('ROUTER_NO_PROVIDER', 'no provider');
    expect(isRouterError(error)).toBe(true);
    expect(isRouterError(new KernelError('TOOL_UNKNOWN', 'no tool'))).toBe(false);
    expect(isRouterError(new Error('ROUTER_NO_PROVIDER'))).toBe(false);
    if (isRouterError(error)) expectTypeOf(error.code).toEqualTypeOf<RouterErrorCode>();
  });
});
