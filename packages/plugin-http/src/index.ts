/**
 * The Cortex-OS runtime's one HTTP server as a kernel service (Fastify 5): zod-validated routes
 * with a per-request DI scope, raw mounts (MCP Streamable HTTP), problem+json errors, bearer
 * auth, tools over REST, graceful drain, Prometheus metrics, OpenTelemetry spans, the plugin
 * graph at `/describe`, and runtime configuration from environment and file.
 *
 * @packageDocumentation
 */
export { httpErrorCatalogue, type HttpErrorCode } from './errors/httpErrorCatalogue.js';
export { HttpError } from './errors/HttpError.js';
export type { ProblemDetails, ProblemFieldError } from './problem/ProblemDetails.js';
export {
  httpServiceToken,
  type HttpService,
  type HttpServicePhase,
  type HttpMethod,
  type HttpAuthPolicy,
  type HttpRequestContext,
  type HttpRouteDefinition,
  type HttpRouteResult,
  type HttpRawMount,
  type HttpRouteSummary,
  type HttpServerAddress,
} from './server/HttpService.js';
export {
  createHttpServer,
  httpResponse,
  isLoopback,
  type CreateHttpServerOptions,
  type HttpServer,
  type HttpBearerToken,
} from './server/createHttpServer.js';
export { mountToolRoutes, type MountToolRoutesOptions } from './tools/mountToolRoutes.js';
export { createHttpMetrics, metricsRegistryToken, type HttpMetrics, type CreateHttpMetricsOptions } from './metrics/HttpMetrics.js';
export { createHttpTracing, type HttpTracing } from './tracing/HttpTracing.js';
export { describeKernel, type HttpKernelDescription } from './describe/describeKernel.js';
export { loadRuntimeConfig, type LoadRuntimeConfigOptions, type RuntimeConfig } from './config/loadRuntimeConfig.js';
export { httpPlugin, httpPluginOptions } from './httpPlugin.js';
export { startHttpRuntime, type StartHttpRuntimeOptions, type HttpRuntime } from './runtime/startHttpRuntime.js';
