/**
 * The Fastify-free contract of the Cortex-OS runtime's HTTP edge: {@link HttpService} and its
 * token, which `@cortex-os/plugin-http` provides and other plugins mount routes through, with
 * the route, response and stream types. Edge security (bearer tokens and verifiers, Host/Origin
 * allow-lists, loopback detection) is the `@cortex-os/http-api/security` entry.
 *
 * @packageDocumentation
 */
export {
  httpServiceToken,
  type HttpService,
  type HttpServicePhase,
  type HttpServerAddress,
  type HttpRouteSummary,
} from './HttpService.js';
export type {
  HttpMethod,
  HttpAuthPolicy,
  HttpRequestContext,
  HttpRouteDefinition,
} from './HttpRouteDefinition.js';
export { httpResponse, isHttpResponse, isHttpStreamBody, type HttpRouteResult, type HttpStreamBody } from './HttpRouteResult.js';
export type { HttpRawMount, HttpRawMountContext } from './HttpRawMount.js';
export type { HttpUpgradeContext, HttpUpgradeMount } from './HttpUpgradeMount.js';
export type { HttpBodyParseFailure } from './HttpBodyParseFailure.js';
export type { HttpShutdownReport, HttpTrackedStream } from './HttpTrackedStream.js';
// Raw handlers receive it; declared with the rest of edge security.
export type { BearerPrincipal } from './security/BearerVerifier.js';
