import { CortexError } from '@cortex-os/kernel';
import { isTracingActive } from '@cortex-os/kernel/tracing';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

// Looked up per span, not once at load: a tracer taken from the global provider before the host
// registers (or re-registers) an SDK would stay bound to the provider it came from.
const tracer = () => trace.getTracer('@cortex-os/plugin-mlx');

function ended(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const type = error instanceof CortexError ? error.code : 'unknown';
    span.setAttribute('error.type', type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
  span.end();
}

/**
 * Runs one bridge request inside an `mlx.worker <op>` CLIENT span (the worker's pid, and how the
 * request ended), so a trace shows the time spent in the Python process apart from the provider's
 * own work. Without an OpenTelemetry SDK registered it only calls `send`.
 */
export async function traceWorkerRequest<T>(op: string, pid: () => number | undefined, send: () => Promise<T>): Promise<T> {
  if (!isTracingActive()) return send();
  const span = tracer().startSpan(`mlx.worker ${op}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'rpc.system': 'cortex-mlx-worker', 'rpc.method': op },
  });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), send);
    const worker = pid();
    if (worker !== undefined) span.setAttribute('process.pid', worker);
    ended(span);
    return result;
  } catch (error) {
    ended(span, error);
    throw error;
  }
}

/**
 * Records a worker start (spawn until its ready line, where Python imports mlx) as an
 * `mlx.worker.start` span under the request that needed it: the first request's time mostly goes there.
 */
export function traceWorkerStart(ready: Promise<void>, pid: number | undefined): void {
  if (!isTracingActive()) return;
  const span = tracer().startSpan('mlx.worker.start', {
    kind: SpanKind.INTERNAL,
    attributes: pid === undefined ? {} : { 'process.pid': pid },
  });
  ready.then(
    () => ended(span),
    (error: unknown) => ended(span, error),
  );
}
