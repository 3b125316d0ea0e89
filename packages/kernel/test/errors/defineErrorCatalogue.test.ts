import { describe, expect, expectTypeOf, it } from 'vitest';
import { CortexError, defineErrorCatalogue, errorCatalogueInfo, formatErrorMessage, type ErrorMessageParams } from '@cortex-os/kernel';

const demoCatalogue = defineErrorCatalogue('DEMO', {
  DEMO_THING_MISSING: {
    kind: 'not-found',
    message: 'No thing "{name}" in {place}.',
    description: 'A thing was asked for that is not there.',
    solution: 'Add the thing first.',
  },
  DEMO_BROKEN: { kind: 'internal', message: 'The demo broke.', description: 'Something broke.', solution: 'Read the cause.' },
});

class DemoError extends CortexError<keyof typeof demoCatalogue> {
  static override readonly catalogue = demoCatalogue;
}

describe('defineErrorCatalogue', () => {
  it('returns the entries keyed by code, frozen, with the prefix and areas on the side', () => {
    expect(Object.keys(demoCatalogue)).toEqual(['DEMO_THING_MISSING', 'DEMO_BROKEN']);
    expect(demoCatalogue.DEMO_THING_MISSING.kind).toBe('not-found');
    expect(Object.isFrozen(demoCatalogue)).toBe(true);
    expect(Object.isFrozen(demoCatalogue.DEMO_BROKEN)).toBe(true);
    expect(errorCatalogueInfo(demoCatalogue)).toEqual({ prefix: 'DEMO', areas: ['DEMO'] });
    expect(errorCatalogueInfo({})).toBeUndefined();
  });

  it('accepts codes in declared areas besides the prefix', () => {
    const catalogue = defineErrorCatalogue(
      'CORE',
      { PART_FAILED: { kind: 'internal', message: 'm', description: 'd', solution: 's' } },
      { areas: ['PART'] },
    );
    expect(errorCatalogueInfo(catalogue)?.areas).toEqual(['CORE', 'PART']);
  });

  it('lists every bad prefix, code, kind and template at once', () => {
    const bad = () =>
      defineErrorCatalogue('bad', {
        lower_case: { kind: 'internal', message: 'm', description: 'd', solution: 's' },
        OTHER_AREA: { kind: 'internal', message: 'm', description: 'd', solution: 's' },
        BAD_KIND: { kind: 'teapot' as 'internal', message: 'm {no such}', description: ' ', solution: 's' },
      });
    expect(bad).toThrow(CortexError);
    try {
      bad();
    } catch (error) {
      expect(CortexError.is(error, 'ERROR_CATALOGUE_INVALID')).toBe(true);
      expect((error as Error).message).toMatchInlineSnapshot(`
        "Error catalogue "bad" is invalid:
          - area "bad" is not upper-case words joined by "_"
          - code "lower_case" is not AREA_WHAT (upper-case words joined by "_")
          - code "OTHER_AREA" does not start with bad_
          - code "BAD_KIND" does not start with bad_
          - BAD_KIND: kind "teapot" is not an ErrorKind
          - BAD_KIND: description is empty
          - BAD_KIND: message slot "{no such}" is not a name of letters and digits"
      `);
    }
  });
});

describe('error classes built on a catalogue', () => {
  it('take their kind from the entry of their code, and internal for a code no catalogue knows', () => {
    expect(new DemoError('DEMO_THING_MISSING', 'x').kind).toBe('not-found');
    expect(new DemoError('DEMO_BROKEN', 'x').kind).toBe('internal');
    expect(new CortexError('ANY_CODE', 'x').kind).toBe('internal');
    expect(new DemoError('NOT_IN_IT' as 'DEMO_BROKEN', 'x').kind).toBe('internal');
  });

  it('fill the message template with create(code, params)', () => {
    const error = DemoError.create('DEMO_THING_MISSING', { name: 'lamp', place: 'the attic' }, { details: { name: 'lamp' } });
    expect(error).toBeInstanceOf(DemoError);
    expect(error.message).toBe('No thing "lamp" in the attic.');
    expect(error.details).toEqual({ name: 'lamp' });
    expect(DemoError.create('DEMO_BROKEN', {}).message).toBe('The demo broke.');
    // @ts-expect-error a slot of the template is missing
    DemoError.create('DEMO_THING_MISSING', { name: 'lamp' });
    // @ts-expect-error not a code of the catalogue
    DemoError.create('DEMO_UNKNOWN', {});
  });

  it('keep `new XError(code, message, options)` working, with retryAfterMs', () => {
    const error = new DemoError('DEMO_BROKEN', 'custom words', { retryAfterMs: 1500 });
    expect(error.message).toBe('custom words');
    expect(error.retryAfterMs).toBe(1500);
    expect(error.name).toBe('DemoError');
  });
});

describe('formatErrorMessage', () => {
  it('fills each slot and leaves a slot without a value as it is', () => {
    expect(formatErrorMessage('{a} and {b} and {a}', { a: 1, b: true })).toBe('1 and true and 1');
    expect(formatErrorMessage('{a} {b}' as string, { a: 'x' })).toBe('x {b}');
  });

  it('types the params from the template', () => {
    expectTypeOf<ErrorMessageParams<'No "{name}" in {place}.'>>().toEqualTypeOf<{
      readonly name: string | number | boolean | bigint;
      readonly place: string | number | boolean | bigint;
    }>();
    expectTypeOf<keyof ErrorMessageParams<'plain'>>().toEqualTypeOf<never>();
  });
});
