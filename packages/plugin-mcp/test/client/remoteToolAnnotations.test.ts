import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { remoteToolAnnotations } from '../../src/client/remoteToolAnnotations.js';

const hints = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;
// What MCP clients assume when a server says nothing: the cautious value of each hint.
const cautious = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true } as const;

const annotations = fc.record(
  {
    title: fc.string({ maxLength: 8 }),
    readOnlyHint: fc.boolean(),
    destructiveHint: fc.boolean(),
    idempotentHint: fc.boolean(),
    openWorldHint: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('remoteToolAnnotations', () => {
  it('keeps every hint of a trusted server', () => {
    fc.assert(
      fc.property(annotations, (given) => {
        const kept = remoteToolAnnotations(given, true);
        expect(kept ?? {}).toEqual(given);
      }),
      { seed: 21, numRuns: 500 },
    );
  });

  it('from an untrusted server, keeps only hints asking for more care, so no call is ever treated more leniently', () => {
    fc.assert(
      fc.property(annotations, (given) => {
        const kept: Record<string, unknown> = { ...remoteToolAnnotations(given, false) };
        expect(kept['title']).toBe(given.title);
        for (const hint of hints) {
          // Whatever survives is the cautious value; a lenient claim reads as if never made.
          const effective = kept[hint] ?? cautious[hint];
          expect(effective).toBe(cautious[hint]);
          if (given[hint] === cautious[hint]) expect(kept[hint]).toBe(cautious[hint]);
        }
      }),
      { seed: 21, numRuns: 500 },
    );
  });

  it('says nothing when the server said nothing', () => {
    expect(remoteToolAnnotations(undefined, false)).toBeUndefined();
    expect(remoteToolAnnotations({ idempotentHint: true, readOnlyHint: true }, false)).toBeUndefined();
  });
});
