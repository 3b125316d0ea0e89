import { z } from 'zod';
import type { BearerToken, BearerVerifier } from './BearerVerifier.js';
import { namesPort, parseHostName } from './parseHostName.js';
import { parseOrigin } from './parseOrigin.js';

/**
 * Bearer authentication as a plugin option reads it, defaults applied.
 * @public
 */
export interface BearerAuthSettings {
  /**
   * Static tokens (a string is a token for principal `bearer`). The object form always names its
   * principal here, as the schema requires, so validated settings pass back into a plugin factory.
   */
  readonly tokens: readonly (string | (BearerToken & { readonly principal: string }))[];
  /** Verifiers asked for any other token; set in code, not from the environment. */
  readonly verifiers: readonly BearerVerifier[];
}

/**
 * Bearer authentication as a plugin option writes it: each part optional.
 * @public
 */
export interface BearerAuthSettingsInput {
  /** Static tokens, at least 16 characters each. */
  readonly tokens?:
    | readonly (string | { readonly token: string; readonly principal: string; readonly scopes?: readonly string[] | undefined })[]
    | undefined;
  /** Verifiers asked for any other token. */
  readonly verifiers?: readonly BearerVerifier[] | undefined;
}

const tokenText = z.string().min(16, 'bearer tokens must be at least 16 characters').regex(/^\S+$/, 'bearer tokens have no white space');
const verifier = z.custom<BearerVerifier>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { verify?: unknown }).verify === 'function',
  'a verifier is an object with a verify(token, request) function',
);

/**
 * The type of {@link bearerAuthSchema}: named, so that options schemas built on it declare a
 * readable type instead of zod's internals.
 * @public
 */
export interface BearerAuthSchema extends z.ZodDefault<z.ZodType<BearerAuthSettings, BearerAuthSettingsInput>> {}

/**
 * The type of {@link allowedOriginsSchema} and {@link allowedHostsSchema}: a list of strings, default `[]`.
 * @public
 */
export interface StringListSchema extends z.ZodDefault<z.ZodType<readonly string[], readonly string[]>> {}

/**
 * The `auth` option of every HTTP transport's plugin (`@cortex-os/plugin-http`, `@cortex-os/plugin-mcp`):
 * `{ tokens, verifiers }`, both default `[]` (no authentication). In the runtime configuration,
 * `CORTEX_HTTP_AUTH__TOKENS=tokenA,tokenB`.
 * @public
 */
export const bearerAuthSchema: BearerAuthSchema = (
  z.object({
    tokens: z
      .array(
        z.union([tokenText, z.object({ token: tokenText, principal: z.string().min(1), scopes: z.array(z.string().min(1)).optional() })]),
      )
      .default([]),
    verifiers: z.array(verifier).default([]),
  }) as z.ZodType<BearerAuthSettings, BearerAuthSettingsInput>
).default({ tokens: [], verifiers: [] });

/**
 * The `allowedOrigins` option: origins exactly as browsers send them (`http://localhost:5173`),
 * checked when the configuration is read; default `[]`.
 * @public
 */
export const allowedOriginsSchema: StringListSchema = (
  z.array(
    z
      .string()
      .refine(
        (text) => parseOrigin(text) !== undefined,
        'not an origin as browsers send it: scheme://host[:port] without a path, e.g. https://app.example',
      ),
  ) as z.ZodType<readonly string[], readonly string[]>
).default([]);

/**
 * The `allowedHosts` option: host names without scheme or port (`api.example`), checked when the
 * configuration is read; default `[]`.
 * @public
 */
export const allowedHostsSchema: StringListSchema = (
  z.array(
    z
      .string()
      .refine((text) => !namesPort(text) && parseHostName(text) !== undefined, 'not a host name: no scheme or port, e.g. api.example'),
  ) as z.ZodType<readonly string[], readonly string[]>
).default([]);
