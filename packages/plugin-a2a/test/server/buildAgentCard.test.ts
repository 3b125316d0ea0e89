import { buildAgentCard, toLegacyAgentCardJson } from '@cortex-os/plugin-a2a';
import { describe, expect, it } from 'vitest';

const base = {
  name: 'weather-runtime',
  description: 'Weather.',
  version: '1.0.0',
  url: 'http://127.0.0.1:4000/a2a/jsonrpc',
  agents: [{ name: 'forecaster', description: 'Tells the weather.', structuredOutput: false }],
};

describe('buildAgentCard security and the 0.3 form', () => {
  it('declares no scheme by default, and the bearer scheme, required for every call, with security: bearer', () => {
    const open = buildAgentCard(base);
    expect(open.securitySchemes).toEqual({});
    expect(open.securityRequirements).toEqual([]);
    expect(toLegacyAgentCardJson(open)).not.toHaveProperty('security');

    const secured = buildAgentCard({ ...base, security: 'bearer', extendedAgentCard: true });
    expect(secured.securitySchemes.bearer?.scheme).toEqual({
      $case: 'httpAuthSecurityScheme',
      value: expect.objectContaining({ scheme: 'Bearer' }),
    });
    expect(secured.securityRequirements).toEqual([{ schemes: { bearer: { list: [] } } }]);
    expect(secured.capabilities?.extendedAgentCard).toBe(true);
    expect(toLegacyAgentCardJson(secured)).toMatchObject({
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      security: [{ bearer: [] }],
      supportsAuthenticatedExtendedCard: true,
    });
  });

  it('declares the bearer scheme with security: optional and requires it only on the skills of authenticatedAgents', () => {
    const agents = [...base.agents, { name: 'clerk', description: 'Files notes.', structuredOutput: false }];
    const card = buildAgentCard({ ...base, agents, security: 'optional', authenticatedAgents: ['clerk'] });
    expect(Object.keys(card.securitySchemes)).toEqual(['bearer']);
    expect(card.securityRequirements).toEqual([]);
    expect(card.skills.map((skill) => [skill.id, skill.securityRequirements])).toEqual([
      ['forecaster', []],
      ['clerk', [{ schemes: { bearer: { list: [] } } }]],
    ]);
    const legacy = toLegacyAgentCardJson(card) as { security: unknown; skills: Record<string, unknown>[] };
    expect(legacy.security).toEqual([]);
    expect(legacy.skills.map((skill) => skill.security)).toEqual([undefined, [{ bearer: [] }]]);
  });

  it('passes signatures on to the 0.3 form as they are', () => {
    const signature = { protected: 'eyJhbGciOiJFUzI1NiJ9', signature: 'c2ln', header: undefined };
    const legacy = toLegacyAgentCardJson({ ...buildAgentCard(base), signatures: [signature] });
    expect(legacy.signatures).toEqual([{ protected: 'eyJhbGciOiJFUzI1NiJ9', signature: 'c2ln' }]);
  });
});
