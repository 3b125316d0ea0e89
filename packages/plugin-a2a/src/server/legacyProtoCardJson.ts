import type { JsonObject } from './legacyProtoJson.js';

/**
 * A 0.3 Agent Card (the JSON-Schema form, `securitySchemes` by `type`) as the 0.3 proto JSON that
 * the HTTP+JSON binding's `GET /v1/card` answers: security schemes as their oneof field
 * (`httpAuthSecurityScheme`, …) and requirements as `{ schemes: { name: { list } } }`.
 */

function schemeToJson(value: unknown): JsonObject {
  const { type, description, ...rest } = value as JsonObject;
  const described = typeof description === 'string' && description !== '' ? { description } : {};
  switch (type) {
    case 'http':
      return {
        httpAuthSecurityScheme: { scheme: rest.scheme, ...(rest.bearerFormat ? { bearerFormat: rest.bearerFormat } : {}), ...described },
      };
    case 'apiKey':
      return { apiKeySecurityScheme: { name: rest.name, location: rest.in, ...described } };
    case 'mutualTLS':
      return { mtlsSecurityScheme: described };
    case 'oauth2':
      return {
        oauth2SecurityScheme: {
          flows: rest.flows,
          ...(rest.oauth2MetadataUrl ? { oauth2MetadataUrl: rest.oauth2MetadataUrl } : {}),
          ...described,
        },
      };
    default:
      return { openIdConnectSecurityScheme: { openIdConnectUrl: rest.openIdConnectUrl, ...described } };
  }
}

function requirementsToJson(value: unknown): JsonObject[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.map((requirement: Record<string, string[]>) => ({
    schemes: Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [name, scopes.length === 0 ? {} : { list: scopes }])),
  }));
}

/** The 0.3 card as its proto JSON. */
export function legacyCardToJson(value: unknown): JsonObject {
  const { securitySchemes, security, skills, ...card } = value as JsonObject;
  const schemes = Object.entries((securitySchemes ?? {}) as JsonObject);
  const requirements = requirementsToJson(security);
  return {
    ...card,
    ...(schemes.length === 0 ? {} : { securitySchemes: Object.fromEntries(schemes.map(([name, scheme]) => [name, schemeToJson(scheme)])) }),
    ...(requirements === undefined ? {} : { security: requirements }),
    skills: ((skills ?? []) as JsonObject[]).map(({ security: skillSecurity, ...skill }) => {
      const skillRequirements = requirementsToJson(skillSecurity);
      return skillRequirements === undefined ? skill : { ...skill, security: skillRequirements };
    }),
  };
}
