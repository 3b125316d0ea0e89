import type { KernelErrorCode } from '@cortex-os/kernel';
import type { HttpErrorCode } from '../errors/httpErrorCatalogue.js';

/**
 * The HTTP status for every kernel error code. Typed as a full `Record`, so a new kernel
 * code fails to compile here until it is mapped.
 * @public
 */
export const kernelErrorStatus: Readonly<Record<KernelErrorCode, number>> = Object.freeze({
  TOKEN_ID_INVALID: 500,
  CONTAINER_TOKEN_UNBOUND: 500,
  CONTAINER_BINDING_INVALID: 500,
  CONTAINER_SCOPE_DISPOSED: 500,
  PLUGIN_INVALID: 500,
  PLUGIN_DEFINITION_INVALID: 500,
  PLUGIN_DUPLICATE_NAME: 500,
  PLUGIN_OPTIONS_INVALID: 500,
  PLUGIN_REQUIREMENT_MISSING: 500,
  PLUGIN_PROVIDER_DUPLICATE: 500,
  PLUGIN_DEPENDENCY_CYCLE: 500,
  PLUGIN_CONTRACT_UNSATISFIED: 500,
  PLUGIN_HOOK_TIMEOUT: 500,
  PLUGIN_HOOK_FAILED: 500,
  PLUGIN_PROVIDE_MISSING: 500,
  KERNEL_ASSEMBLY_FAILED: 500,
  KERNEL_START_FAILED: 500,
  KERNEL_STATE_INVALID: 503,
  CONTRACT_DEFINITION_INVALID: 500,
  CONTRACT_DUPLICATE: 409,
  CONTRACT_NOT_FOUND: 404,
  CONTRACT_VALIDATION_FAILED: 400,
  EVENT_TYPE_UNKNOWN: 400,
  EVENT_BUS_CLOSED: 503,
  TOOL_DEFINITION_INVALID: 500,
  TOOL_DUPLICATE: 409,
  TOOL_UNKNOWN: 404,
  TOOL_INPUT_INVALID: 400,
  TOOL_OUTPUT_INVALID: 500,
  TOOL_EXECUTION_FAILED: 500,
  // 499 (client closed request) is what nginx logs; the client has gone, so nobody reads it.
  TOOL_ABORTED: 499,
  TOOL_OUTPUT_BUDGET_EXCEEDED: 413,
  RESOURCE_DEFINITION_INVALID: 500,
  RESOURCE_DUPLICATE: 409,
  RESOURCE_NOT_FOUND: 404,
  RESOURCE_READ_FAILED: 500,
  PROMPT_DEFINITION_INVALID: 500,
  PROMPT_DUPLICATE: 409,
  PROMPT_NOT_FOUND: 404,
  PROMPT_ARGUMENTS_INVALID: 400,
  RESILIENCE_CIRCUIT_OPEN: 503,
  RESILIENCE_TIMEOUT: 504,
  RESILIENCE_CONCURRENCY_LIMIT: 429,
  ROUTER_NO_PROVIDER: 503,
  ROUTER_MODEL_UNAVAILABLE: 503,
  PROVIDER_UNAVAILABLE: 503,
  PROVIDER_REQUEST_FAILED: 502,
  TOKEN_OWNER_INVALID: 500,
  TOKEN_OWNER_CONFLICT: 500,
  PLUGIN_BINDING_UNDECLARED: 500,
  EXTENSION_POINT_DEFINITION_INVALID: 500,
  EXTENSION_POINT_UNDECLARED: 500,
  EXTENSION_POINT_DUPLICATE: 500,
});

/**
 * The HTTP status for every HTTP plugin error code (typed like {@link kernelErrorStatus}).
 * @public
 */
export const httpErrorStatus: Readonly<Record<HttpErrorCode, number>> = Object.freeze({
  HTTP_ROUTE_NOT_FOUND: 404,
  HTTP_BODY_MALFORMED: 400,
  HTTP_BODY_TOO_LARGE: 413,
  HTTP_MEDIA_TYPE_UNSUPPORTED: 415,
  HTTP_REQUEST_INVALID: 400,
  HTTP_UNAUTHORIZED: 401,
  HTTP_FORBIDDEN: 403,
  HTTP_SHUTTING_DOWN: 503,
  HTTP_RESPONSE_INVALID: 500,
  HTTP_INTERNAL_ERROR: 500,
  HTTP_ROUTE_INVALID: 500,
  HTTP_AUTH_REQUIRED: 500,
  HTTP_LISTEN_FAILED: 500,
  HTTP_STATE_INVALID: 500,
  CONFIG_INVALID: 500,
  CONFIG_FILE_UNREADABLE: 500,
});

/**
 * Status for a code no table knows, from its suffix (`*_NOT_FOUND` → 404, `*_INVALID` → 400, …).
 * Other packages can map their codes exactly with `HttpService.mapErrorCodes`.
 */
export function statusFromCodeSuffix(code: string): number {
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code.endsWith('_INVALID') || code.endsWith('_MALFORMED')) return 400;
  if (code.endsWith('_DUPLICATE') || code.endsWith('_CONFLICT') || code.endsWith('_EXISTS')) return 409;
  if (code.endsWith('_FORBIDDEN') || code.endsWith('_DENIED')) return 403;
  if (code.endsWith('_UNAUTHORIZED')) return 401;
  if (code.endsWith('_TOO_LARGE') || code.endsWith('_EXCEEDED')) return 413;
  if (code.endsWith('_UNAVAILABLE')) return 503;
  if (code.endsWith('_TIMEOUT')) return 504;
  return 500;
}
