import { expectCortexError } from '@cortex-os/kernel/testing';
import { parseAgentCard, selectA2aInterface } from '@cortex-os/plugin-a2a';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** A 0.3 card: `url` and `protocolVersion` at the top. */
const card = {
  name: 'Weather',
  description: 'Answers weather questions.',
  url: 'http://127.0.0.1:4000/a2a',
  version: '1.2.0',
  skills: [{ id: 'forecast', name: 'Forecast', description: 'Forecasts.' }],
};

/** A v1.0 card (as the @a2a-js/sdk 1.3 serves it): interfaces with a binding and version each. */
const v1Card = {
  name: 'Weather',
  description: 'Answers weather questions.',
  version: '1.2.0',
  supportedInterfaces: [
    { url: 'http://127.0.0.1:4000/a2a/rest', protocolBinding: 'HTTP+JSON', tenant: '', protocolVersion: '1.0' },
    { url: 'http://127.0.0.1:4000/a2a/jsonrpc', protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' },
    { url: 'http://127.0.0.1:4000/a2a/jsonrpc', protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '0.3' },
  ],
  capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
  securitySchemes: {},
  securityRequirements: [],
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: [
    { id: 'forecast', name: 'Forecast', description: 'Forecasts.', tags: ['weather'], examples: [], inputModes: [], outputModes: [] },
  ],
  signatures: [],
};

describe('parseAgentCard', () => {
  it('accepts a minimal 0.3 card and fills the spec defaults', () => {
    expect(parseAgentCard('weather', { ...card, extra: true })).toEqual({
      ...card,
      interfaces: [{ url: card.url, binding: 'JSONRPC', version: '' }],
      capabilities: {},
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [{ ...card.skills[0], tags: [] }],
    });
  });

  it('reads a v1.0 card: every interface, the first as url, no top-level protocol version', () => {
    const parsed = parseAgentCard('weather', v1Card);
    expect(parsed.url).toBe('http://127.0.0.1:4000/a2a/rest');
    expect(parsed.protocolVersion).toBeUndefined();
    expect(parsed.interfaces.map((i) => `${i.binding} ${i.version}`)).toEqual(['HTTP+JSON 1.0', 'JSONRPC 1.0', 'JSONRPC 0.3']);
    expect(parsed.capabilities).toEqual({ streaming: true, pushNotifications: false });
    expect(selectA2aInterface(parsed)).toEqual({ url: 'http://127.0.0.1:4000/a2a/jsonrpc', version: '1.0' });
  });

  it('reads the 0.3 form that also embeds the v1.0 interfaces, listing each interface once', () => {
    const hybrid = { ...v1Card, url: 'http://127.0.0.1:4000/a2a/jsonrpc', protocolVersion: '0.3', preferredTransport: 'JSONRPC' };
    const parsed = parseAgentCard('weather', hybrid);
    expect(parsed.interfaces).toHaveLength(3);
    expect(parsed.protocolVersion).toBe('0.3');
  });

  it('selects 0.3 for a card that speaks only 0.3, and refuses one without a JSON-RPC interface it speaks', async () => {
    expect(selectA2aInterface(parseAgentCard('weather', { ...card, protocolVersion: '0.3.0' }))).toEqual({ url: card.url, version: '0.3' });
    expect(selectA2aInterface(parseAgentCard('weather', card))).toEqual({ url: card.url, version: '0.3' });
    const restOnly = { ...v1Card, supportedInterfaces: [v1Card.supportedInterfaces[0]] };
    await expectCortexError(
      Promise.resolve().then(() => selectA2aInterface(parseAgentCard('weather', restOnly))),
      'A2A_VERSION_UNSUPPORTED',
    );
    const future = { ...v1Card, supportedInterfaces: [{ ...v1Card.supportedInterfaces[1], protocolVersion: '2.0' }] };
    await expectCortexError(
      Promise.resolve().then(() => selectA2aInterface(parseAgentCard('weather', future))),
      'A2A_VERSION_UNSUPPORTED',
    );
  });

  it('refuses a card with no interface at all', async () => {
    const { url: _url, ...noUrl } = card;
    const error = await expectCortexError(
      Promise.resolve().then(() => parseAgentCard('weather', noUrl)),
      'A2A_CARD_INVALID',
    );
    expect(error.details.problems).toEqual([expect.stringMatching(/^supportedInterfaces: the card declares no interface/)]);
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
          const parsed = parseAgentCard('any', value);
          expect(parsed.interfaces.length).toBeGreaterThan(0);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('A2A_CARD_INVALID');
        }
      }),
      { seed: 2029, numRuns: 300 },
    );
  });
});
