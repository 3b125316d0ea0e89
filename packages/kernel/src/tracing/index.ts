/**
 * `@cortex-os/kernel/tracing`: what every package that makes OpenTelemetry spans shares. Only this
 * entry imports `@opentelemetry/api` (an optional peer): a runtime that never imports it needs no
 * OpenTelemetry package at all.
 * @packageDocumentation
 */
export { isTracingActive } from './isTracingActive.js';
