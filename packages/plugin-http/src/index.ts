/**
 * The Cortex-OS runtime's one HTTP server as a kernel service (Fastify 5): it implements the
 * `HttpService` of `@cortex-os/http-api` (import the service, its token and the route types from
 * there) with zod-validated routes and a per-request DI scope, raw mounts (MCP Streamable HTTP),
 * problem+json errors, bearer auth, tools over REST under `/api/v1`, graceful drain, Prometheus
 * metrics, OpenTelemetry spans and the plugin graph at `/describe`.
 *
 * @packageDocumentation
 */
export { httpErrorCatalogue, type HttpErrorCode } from './errors/httpErrorCatalogue.js';
export { HttpError } from './errors/HttpError.js';
export type { ProblemDetails, ProblemFieldError } from './problem/ProblemDetails.js';
export { createHttpServer, type CreateHttpServerOptions, type HttpServer, type HttpServerTimeouts } from './server/createHttpServer.js';
export type { HttpCorsOptions } from './server/CorsPolicy.js';
export type { HttpLoadSheddingOptions, HttpLoadSignal } from './server/LoadShedder.js';
export { mountToolRoutes, type MountToolRoutesOptions } from './tools/mountToolRoutes.js';
export {
  createHttpMetrics,
  durationBuckets,
  metricsRegistryToken,
  type HttpMetrics,
  type HttpLoadReadings,
  type CreateHttpMetricsOptions,
} from './metrics/HttpMetrics.js';
export { createHttpTracing, type HttpTracing } from './tracing/HttpTracing.js';
export { httpRequestChannel, httpRequestChannelName, type HttpRequestMessage } from './observe/httpRequestChannel.js';
export { describeKernel, type HttpKernelDescription } from './describe/describeKernel.js';
export { httpPlugin, httpPluginOptions } from './httpPlugin.js';
export type { HttpPluginOptions, HttpPluginOptionsInput, HttpTlsOptions } from './HttpPluginOptions.js';
export type { OpenApiDocument, OpenApiInfo } from './openapi/buildOpenApiDocument.js';
