/**
 * The runtime's one edge-security module, shared by `@cortex-os/plugin-http` and
 * `@cortex-os/plugin-mcp`'s standalone Streamable HTTP endpoint (which does not depend on the
 * HTTP plugin): bearer tokens compared in constant time and pluggable {@link BearerVerifier}s (a
 * JWT verifier implements one), Host/Origin allow-lists with one meaning (host names; origins as
 * browsers send them), and the one loopback test the runtime uses.
 *
 * @packageDocumentation
 */
export { isLoopbackHost, isLoopbackUrl } from './isLoopbackHost.js';
export { parseOrigin } from './parseOrigin.js';
export { parseHostName } from './parseHostName.js';
export {
  createHostOriginGuard,
  type CreateHostOriginGuardOptions,
  type HostOriginGuard,
  type HostOriginRefusal,
} from './createHostOriginGuard.js';
export type { BearerAuthOptions, BearerPrincipal, BearerToken, BearerVerifier } from './BearerVerifier.js';
export {
  createBearerAuthenticator,
  bearerTokenOf,
  bearerChallenge,
  type BearerAuthenticator,
  type CreateBearerAuthenticatorOptions,
} from './createBearerAuthenticator.js';
export {
  bearerAuthSchema,
  allowedOriginsSchema,
  allowedHostsSchema,
  type BearerAuthSettings,
  type BearerAuthSettingsInput,
  type BearerAuthSchema,
  type StringListSchema,
} from './edgeSecuritySchemas.js';
export { DEFAULT_MAX_JSON_DEPTH, createJsonDepthScanner, exceedsJsonDepth, type JsonDepthScanner } from './jsonDepth.js';
export {
  parseJsonInSlices,
  checkJsonBodyInSlices,
  type SlicedJsonParseOptions,
  type CheckJsonBodyOptions,
  type JsonBodyOutcome,
} from './parseJsonInSlices.js';
export { createClientAddressResolver, type ClientAddressResolver } from './createClientAddressResolver.js';
export { EdgeSecurityError } from './EdgeSecurityError.js';
export { edgeSecurityErrorCatalogue, type EdgeSecurityErrorCode } from './edgeSecurityErrorCatalogue.js';
