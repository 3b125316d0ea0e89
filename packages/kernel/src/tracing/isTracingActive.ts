import { ProxyTracerProvider, trace } from '@opentelemetry/api';

// The API's no-op provider, which the global proxy delegates to until an SDK registers.
const noop = new ProxyTracerProvider().getDelegate();

/**
 * False while no OpenTelemetry SDK is registered, so callers can skip making span objects at
 * all (pay only when observed). Checked per call: an SDK registered later is picked up.
 * @public
 */
export function isTracingActive(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== noop;
}
