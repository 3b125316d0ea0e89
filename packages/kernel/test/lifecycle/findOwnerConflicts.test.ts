import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createKernel,
  createToken,
  defineExtensionPoint,
  definePlugin,
  kernelExtensionPoints,
  type KernelAggregateError,
  type Plugin,
  type TokenOwner,
} from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

const httpApi: TokenOwner = { package: '@acme/http-api', version: '1' };
const httpCopy: TokenOwner = { package: '@acme/memory', version: '1' };

function assemblyError(plugins: Plugin[]): KernelAggregateError | undefined {
  try {
    createKernel({ plugins, logger: silentLogger() });
    return undefined;
  } catch (error) {
    return error as KernelAggregateError;
  }
}

describe('token owners', () => {
  it('treats two tokens with one id and one owner as the same token (two installs of a package)', async () => {
    const fromCopyA = createToken<{ port: number }>('acme.http', { owner: httpApi });
    const fromCopyB = createToken<{ port: number }>('acme.http', { owner: { ...httpApi } });
    const server = definePlugin({ name: 'server', version: '1.0.0', provides: { http: fromCopyA }, start: () => ({ http: { port: 80 } }) });
    let port = 0;
    const client = definePlugin({
      name: 'client',
      version: '1.0.0',
      requires: { http: fromCopyB },
      start: ({ deps }) => void (port = deps.http.port),
    });
    await using kernel = createKernel({ plugins: [client(), server()], logger: silentLogger() });
    await kernel.start();
    expect(port).toBe(80);
    expect(kernel.get(fromCopyB)).toBe(kernel.get(fromCopyA));
  });

  it('refuses at assembly one id from two owners, naming both packages and who uses each', () => {
    const real = createToken<{ port: number }>('acme.http', { owner: httpApi });
    const copy = createToken<{ port: number }>('acme.http', { owner: httpCopy });
    const local = createToken<{ port: number }>('acme.http');
    const server = definePlugin({ name: 'server', version: '1.0.0', provides: { http: real }, start: () => ({ http: { port: 80 } }) });
    const memory = definePlugin({ name: 'memory', version: '1.0.0', requires: { http: copy } });
    const app = definePlugin({ name: 'app', version: '1.0.0', requires: { http: local } });
    const error = assemblyError([server(), memory(), app()]);
    expect(error?.problems.map((p) => p.code)).toEqual(['TOKEN_OWNER_CONFLICT']);
    expect(error?.problems[0]?.message).toBe(
      'Token "acme.http" is declared by 3 owners: @acme/http-api (contract 1), used by server; @acme/memory (contract 1), used by memory; the application (no owner), used by app. Import it from the package that declares it instead of redeclaring the id, or align the packages on one contract version.',
    );
  });

  it('refuses two contract versions of one package, and a redeclared kernel point', () => {
    const v1 = createToken<number>('acme.http', { owner: httpApi });
    const v2 = createToken<number>('acme.http', { owner: { ...httpApi, version: '2' } });
    const fakeTools = defineExtensionPoint<unknown>({ id: 'kernel.tool' });
    const a = definePlugin({ name: 'a', version: '1.0.0', provides: { http: v1 }, contributes: { tools: kernelExtensionPoints.tools } });
    const b = definePlugin({ name: 'b', version: '1.0.0', requires: { http: v2 }, contributes: { tools: fakeTools } });
    const messages = assemblyError([a(), b()])?.problems.map((p) => p.message);
    expect(messages).toEqual([
      'Extension point "kernel.tool" is declared by 2 owners: @cortex-os/kernel (contract 1), used by kernel, a; the application (no owner), used by b. Import it from the package that declares it instead of redeclaring the id, or align the packages on one contract version.',
      'Token "acme.http" is declared by 2 owners: @acme/http-api (contract 1), used by a; @acme/http-api (contract 2), used by b. Import it from the package that declares it instead of redeclaring the id, or align the packages on one contract version.',
    ]);
  });
});

describe('token owners (properties)', () => {
  const owners: (TokenOwner | undefined)[] = [undefined, httpApi, httpCopy, { ...httpApi, version: '2' }];
  it('a runtime assembles exactly when no id is used with two different owners', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom('acme.a', 'acme.b'), owner: fc.integer({ min: 0, max: 3 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (uses) => {
          const plugins = uses.map(({ id, owner }, i) => {
            const o = owners[owner];
            const token = createToken<number>(id, o === undefined ? {} : { owner: o });
            return definePlugin({ name: `p${i}`, version: '1.0.0', requires: { t: { token, optional: true } } })();
          });
          const conflicting = ['acme.a', 'acme.b'].filter((id) => new Set(uses.filter((u) => u.id === id).map((u) => u.owner)).size > 1);
          const error = assemblyError(plugins);
          expect((error?.problems ?? []).map((p) => p.message.slice(0, p.message.indexOf('" is declared') + 1))).toEqual(
            conflicting
              .filter((id) => uses.some((u) => u.id === id))
              .sort((x, y) => firstUse(uses, x) - firstUse(uses, y))
              .map((id) => `Token "${id}"`),
          );
        },
      ),
    );
  });
});

function firstUse(uses: readonly { id: string }[], id: string): number {
  return uses.findIndex((u) => u.id === id);
}
