// The owner tag is how recall keeps one principal's learning examples from another's plans, so it
// must be a valid memory tag for any principal (1–128 characters, no control characters: the memory
// plugin's tag schema) and never the same for two principals — across its readable and hashed forms.
import { learningExampleOwnerTag } from '@cortex-os/plugin-cerebrum';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Principals of every shape: short names, long ones, control characters, and lookalikes of either tag form. */
const principal = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.string({ unit: 'binary', minLength: 0, maxLength: 300 }),
  fc.string({ minLength: 100, maxLength: 130 }),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.constantFrom('ada', 'Ada', 'ada ', '', '#', ':', 'a\nb', 'a'.repeat(109), 'a'.repeat(110)),
  // Long enough to be hashed, differing only in a lone surrogate.
  fc.constantFrom('\ud800', '\ud801').map((half) => `${'x'.repeat(120)}${half}`),
);

describe('learningExampleOwnerTag (properties)', () => {
  it('is a valid memory tag for every principal', () => {
    fc.assert(
      fc.property(principal, (name) => {
        const tag = learningExampleOwnerTag(name);
        expect(tag.length).toBeGreaterThan(0);
        expect(tag.length).toBeLessThanOrEqual(128);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the memory plugin refuses control characters in tags
        expect(tag).not.toMatch(/[\u0000-\u001f]/);
        expect(learningExampleOwnerTag(name)).toBe(tag);
      }),
      { seed: 19, numRuns: 500 },
    );
  });

  it('differs for any two principals', () => {
    fc.assert(
      fc.property(principal, principal, (a, b) => {
        fc.pre(a !== b);
        expect(learningExampleOwnerTag(a)).not.toBe(learningExampleOwnerTag(b));
      }),
      { seed: 19, numRuns: 500 },
    );
  });

  it('reads as the principal when it fits, and hashes it when it does not', () => {
    expect(learningExampleOwnerTag('ada')).toBe('cerebrum.principal:ada');
    expect(learningExampleOwnerTag('a'.repeat(109))).toBe(`cerebrum.principal:${'a'.repeat(109)}`);
    expect(learningExampleOwnerTag('a'.repeat(110))).toMatch(/^cerebrum\.principal#[0-9a-f]{64}$/);
    expect(learningExampleOwnerTag('a\nb')).toMatch(/^cerebrum\.principal#[0-9a-f]{64}$/);
    expect(learningExampleOwnerTag('')).toMatch(/^cerebrum\.principal#[0-9a-f]{64}$/);
  });
});
