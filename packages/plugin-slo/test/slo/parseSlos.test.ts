import { parseSlos, SloError, type SloDefinitionInput } from '@cortex-os/plugin-slo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const problemsOf = (input: unknown): unknown => {
  try {
    parseSlos(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SloError);
    return (error as SloError).details['problems'];
  }
  throw new Error('expected SLO_INVALID');
};

describe('parseSlos', () => {
  it('fills the 30-day window and keeps both objectives', () => {
    const [slo] = parseSlos([
      {
        name: 'search',
        route: { path: '/api/v1/tools/:name', method: 'POST' },
        errors: { objective: 0.999 },
        latency: { objective: 0.95, thresholdMs: 250 },
      },
    ]);
    expect(slo).toEqual({
      name: 'search',
      route: { path: '/api/v1/tools/:name', method: 'POST' },
      window: '30d',
      errors: { objective: 0.999 },
      latency: { objective: 0.95, thresholdMs: 250 },
    });
  });

  it('names the path of every problem, with the buckets a latency threshold may use', () => {
    const error = (() => {
      try {
        return parseSlos([
          { name: 'a', tool: 'x', route: { path: '/x' }, errors: { objective: 1 } },
          { name: 'a', tool: 'y', latency: { objective: 0.9, thresholdMs: 300 }, window: '1h' },
          { name: 'Bad name', tool: 'z' },
        ]);
      } catch (caught) {
        return caught as SloError;
      }
    })() as SloError;
    expect(error.code).toBe('SLO_INVALID');
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toContain('[0]: an SLO covers exactly one of `route` and `tool`');
    expect(error.message).toContain('[0].errors.objective: an objective is a share below 1');
    expect(error.message).toContain(
      '[1].latency.thresholdMs: a latency threshold is a bucket of the duration histograms, in ms: 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000',
    );
    expect(error.message).toContain('[1].window: a window is a Prometheus duration of at least one day');
    expect(error.message).toContain('[2].name: a name is lowercase letters');
    expect(error.message).toContain('[2]: an SLO has an `errors` or a `latency` objective, or both');
    expect(error.message).toContain('[1].name: the name "a" is used twice');
  });

  it('rejects unknown keys by path', () => {
    expect(problemsOf([{ name: 'a', tool: 't', errors: { objective: 0.9 }, windw: '7d' }])).toEqual([
      expect.objectContaining({ path: [0], message: expect.stringContaining('windw') }),
    ]);
  });

  it('never throws anything but SLO_INVALID, whatever it is given (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          parseSlos(input);
        } catch (error) {
          return error instanceof SloError && error.code === 'SLO_INVALID';
        }
        return true;
      }),
      { seed: 31, numRuns: 500 },
    );
  });

  it('accepts every well-formed definition and returns it with its window (property)', () => {
    const definition: fc.Arbitrary<SloDefinitionInput> = fc.record(
      {
        name: fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/),
        tool: fc.string({ minLength: 1, maxLength: 20 }),
        window: fc.constantFrom('1d', '7d', '28d', '30d', '4w', '48h'),
        errors: fc.record({ objective: fc.double({ min: 0.5, max: 0.99999, noNaN: true }) }),
      },
      { requiredKeys: ['name', 'tool', 'errors'] },
    );
    fc.assert(
      fc.property(fc.uniqueArray(definition, { selector: (slo) => slo.name, maxLength: 5 }), (slos) => {
        const parsed = parseSlos(slos);
        expect(parsed.map((slo) => [slo.name, slo.window])).toEqual(slos.map((slo) => [slo.name, slo.window ?? '30d']));
      }),
      { seed: 32, numRuns: 200 },
    );
  });
});
