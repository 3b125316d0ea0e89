import { expectCortexError } from '@cortex-os/kernel/testing';
import { parseAgentCard } from '@cortex-os/plugin-a2a';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const card = {
  name: 'Weather',
  description: 'Answers weather questions.',
  url: 'http://127.0.0.1:4000/a2a',
  version: '1.2.0',
  skills: [{ id: 'forecast', name: 'Forecast', description: 'Forecasts.' }],
};

describe('parseAgentCard', () => {
  it('accepts a minimal card and fills the spec defaults', () => {
    expect(parseAgentCard('weather', { ...card, extra: true })).toEqual({
      ...card,
      capabilities: {},
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [{ ...card.skills[0], tags: [] }],
    });
  });

  it('lists every problem of a bad card', async () => {
    const error = await expectCortexError(
      Promise.resolve().then(() => parseAgentCard('weather', { ...card, name: '', url: 'file:///etc/passwd', skills: undefined })),
      'A2A_CARD_INVALID',
    );
    expect(error.details.problems).toEqual([
      expect.stringMatching(/^name:/),
      expect.stringMatching(/^url:/),
      expect.stringMatching(/^skills:/),
    ]);
    expect(error.kind).toBe('upstream-failed');
  });

  it('never crashes on arbitrary JSON: it returns a card or throws A2A_CARD_INVALID', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseAgentCard('any', value);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('A2A_CARD_INVALID');
        }
      }),
      { seed: 2029, numRuns: 300 },
    );
  });
});
