import { expectCortexError } from '@cortex-os/kernel/testing';
import { negotiateA2aVersion } from '@cortex-os/plugin-a2a';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('negotiateA2aVersion', () => {
  it('treats an empty or missing version as 0.3', () => {
    expect(negotiateA2aVersion('a', [])).toBe('0.3');
    expect(negotiateA2aVersion('a', [''])).toBe('0.3');
    expect(negotiateA2aVersion('a', [undefined])).toBe('0.3');
  });

  it('picks the newest shared version, by major.minor', () => {
    expect(negotiateA2aVersion('a', ['0.3.0', '1.0.1'])).toBe('1.0');
    expect(negotiateA2aVersion('a', ['0.2', '0.3'])).toBe('0.3');
  });

  it('rejects agents with no shared version', async () => {
    const error = await expectCortexError(
      Promise.resolve().then(() => negotiateA2aVersion('far', ['2.0', '0.2.5'])),
      'A2A_VERSION_UNSUPPORTED',
    );
    expect(error.message).toBe('Remote agent "far" speaks A2A 2.0, 0.2; this client speaks 1.0, 0.3.');
  });

  it('always returns a version the remote offered (property)', () => {
    const version = fc.constantFrom('0.2', '0.3', '0.3.0', '1.0', '1.0.0', '1.1', '2.0', '');
    fc.assert(
      fc.property(fc.array(version, { maxLength: 5 }), (offered) => {
        const normalised = (offered.length === 0 ? [''] : offered).map((v) => (v === '' ? '0.3' : v.split('.').slice(0, 2).join('.')));
        try {
          expect(normalised).toContain(negotiateA2aVersion('a', offered));
        } catch (error) {
          expect((error as { code?: string }).code).toBe('A2A_VERSION_UNSUPPORTED');
          expect(normalised.some((v) => v === '1.0' || v === '0.3')).toBe(false);
        }
      }),
      { seed: 29, numRuns: 200 },
    );
  });
});
