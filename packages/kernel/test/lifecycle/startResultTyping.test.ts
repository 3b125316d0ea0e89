import { createKernel, createToken, definePlugin, defineExtensionPoint } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';

interface Indicator {
  readonly status: 'up' | 'down';
  check(signal: AbortSignal): Promise<number>;
}
const indicatorToken = createToken<Indicator>('test.start-typing.indicator');
const indicatorPoint = defineExtensionPoint<Indicator>({ id: 'test.start-typing.point', label: (value) => value.status });

describe("a plugin's start result", () => {
  // The values start returns are typed by `provides` and `contributes`: literals keep their
  // literal types and methods get their parameters' types, with no annotation (this file fails
  // to type-check otherwise: `status: string`, `signal` implicitly any).
  it('is typed by provides and contributes, so inline values need no annotations', async () => {
    const plugin = definePlugin({
      name: 'typing',
      version: '1.0.0',
      provides: { indicator: indicatorToken },
      extensionPoints: { points: indicatorPoint },
      contributes: { points: indicatorPoint },
      start: () => ({
        indicator: { status: 'up', check: async (signal) => (signal.aborted ? 0 : 1) },
        points: [{ status: 'down', check: async (signal) => (signal.aborted ? 0 : 2) }],
      }),
    });
    await using kernel = createKernel({ plugins: [plugin()] });
    await kernel.start();
    const indicator = kernel.get(indicatorToken);
    expect(indicator.status).toBe('up');
    expect(await indicator.check(new AbortController().signal)).toBe(1);
  });
});
