/**
 * Liveness, readiness and health (`application/health+json`) for Cortex-OS runtimes, from the
 * health indicators every plugin contributes, on the runtime's HTTP service.
 *
 * @packageDocumentation
 */
export { healthPlugin, healthPluginOptions } from './healthPlugin.js';
export type { HealthPluginOptions, HealthPluginOptionsInput } from './HealthPluginOptions.js';
export {
  createHealthChecker,
  type HealthChecker,
  type CreateHealthCheckerOptions,
  type HealthReport,
  type HealthCheckEntry,
} from './createHealthChecker.js';
