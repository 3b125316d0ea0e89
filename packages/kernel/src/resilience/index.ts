/**
 * `@cortex-os/kernel/resilience`: retries with jittered backoff, circuit breakers, timeouts and
 * concurrency limits (cockatiel underneath), the failure classification they share with the
 * router, and the tool interceptor that applies them to tool calls.
 *
 * @remarks
 * Third-party providers use {@link classifyFailure} and {@link isRetryableError} to fail the
 * way the router understands. The policy's options and snapshot are `@beta`: their shape may
 * still change before 1.0.
 *
 * @packageDocumentation
 */
export {
  createResiliencePolicy,
  type ResiliencePolicy,
  type CreateResiliencePolicyOptions,
  type ResilienceBreakerOptions,
  type ResilienceRetryOptions,
  type ResilienceConcurrencyOptions,
  type ResiliencePolicySnapshot,
  type ResilienceStateChange,
  type CircuitBreakerState,
} from './ResiliencePolicy.js';
export {
  classifyFailure,
  isRetryableError,
  isBreakerFailure,
  getRetryAfterMs,
  parseRetryAfter,
  type ResilienceFailureKind,
} from './classifyFailure.js';
export {
  createResilienceToolInterceptor,
  type ResilienceToolInterceptor,
  type CreateResilienceToolInterceptorOptions,
  type ToolResilienceOptions,
} from './ResilienceToolInterceptor.js';
