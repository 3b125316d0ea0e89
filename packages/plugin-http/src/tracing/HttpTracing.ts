import type { IncomingHttpHeaders } from 'node:http';
import type { ToolInterceptor } from '@cortex-os/kernel';
import { isTracingActive } from '@cortex-os/kernel/tracing';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

/**
 * OpenTelemetry spans for requests and tool calls, through `@opentelemetry/api` only: the host app
 * registers an SDK (or none, and every span is a no-op).
 * @public
 */
export interface HttpTracing {
  /** False while no SDK is registered: the server then skips spans entirely (checked per request, so an SDK registered later is picked up). */
  active(): boolean;
  /** Starts a server span, continuing the caller's `traceparent`; run the handler in the returned context. */
  startRequest(method: string, route: string, headers: IncomingHttpHeaders): { readonly span: Span; readonly context: Context };
  /** Ends a server span, recording the response status (5xx marks it as an error). */
  endRequest(span: Span, status: number): void;
  /** Runs `fn` with `ctx` active, so tool calls inside get child spans. */
  run<T>(ctx: Context, fn: () => T): T;
  /** A tool-registry interceptor that wraps each call in a span. */
  readonly toolInterceptor: ToolInterceptor;
}

/**
 * Creates {@link HttpTracing} on the global tracer provider.
 * @public
 */
export function createHttpTracing(tracerName = '@cortex-os/plugin-http'): HttpTracing {
  const tracer = trace.getTracer(tracerName);
  return {
    active: isTracingActive,
    startRequest(method, route, headers) {
      const parent = headers.traceparent === undefined ? context.active() : propagation.extract(context.active(), headers);
      const span = tracer.startSpan(
        `${method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'http.route': route } },
        parent,
      );
      return { span, context: trace.setSpan(parent, span) };
    },
    endRequest(span, status) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
    run: (ctx, fn) => context.with(ctx, fn),
    toolInterceptor: {
      name: 'opentelemetry',
      intercept(call, next) {
        // No SDK registered: the span would be a no-op, so skip it (and its context switch) entirely.
        if (!isTracingActive()) return next();
        return tracer.startActiveSpan(
          `tool ${call.tool.name}`,
          {
            kind: SpanKind.INTERNAL,
            attributes: { 'cortex.tool.name': call.tool.name, 'cortex.tool.caller': call.context.caller.transport },
          },
          async (span) => {
            try {
              return await next();
            } catch (error) {
              const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UNKNOWN';
              span.setAttribute('error.type', code);
              span.setStatus({ code: SpanStatusCode.ERROR, message: code });
              throw error;
            } finally {
              span.end();
            }
          },
        );
      },
    },
  };
}
