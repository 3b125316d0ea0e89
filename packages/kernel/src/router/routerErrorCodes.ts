import { KernelError } from '../errors/KernelError.js';
import { type KernelErrorCode, kernelErrorCatalogue } from '../errors/kernelErrorCatalogue.js';

/**
 * Every error code the policy router and model providers raise: the kernel catalogue's `ROUTER_*`
 * and `PROVIDER_*` codes. They stay in the kernel's catalogue (one prefix, one README table); this
 * door names them so a caller of the router can handle exactly these.
 * @public
 */
export type RouterErrorCode =
  | 'ROUTER_NO_PROVIDER'
  | 'ROUTER_PROVIDER_UNKNOWN'
  | 'ROUTER_PROVIDER_DUPLICATE'
  | 'ROUTER_REQUEST_INVALID'
  | 'ROUTER_MODEL_UNAVAILABLE'
  | 'PROVIDER_UNAVAILABLE'
  | 'PROVIDER_REQUEST_FAILED'
  | 'PROVIDER_TOOL_CALL_INVALID'
  | 'PROVIDER_STRUCTURED_OUTPUT_INVALID';

// The list above is spelled out so this door's types stand alone; these two lines stop it from
// drifting: a router or provider code added to the catalogue, or one listed that is not there,
// fails to compile.
type CatalogueRouterCode = Extract<KernelErrorCode, `ROUTER_${string}` | `PROVIDER_${string}`>;
const listsEveryCode: [RouterErrorCode, CatalogueRouterCode] extends [CatalogueRouterCode, RouterErrorCode] ? true : never = true;
void listsEveryCode;

/**
 * An error the router or a model provider raised, as {@link isRouterError} narrows it (a
 * `KernelError` of `@cortex-os/kernel` at run time).
 * @public
 */
export interface RouterError extends Error {
  /** Which router or provider failure it is. */
  readonly code: RouterErrorCode;
  /** Facts about the failure (provider, model, attempts), as the catalogue entry documents them. */
  readonly details: Readonly<Record<string, unknown>>;
}

const isRouterCode = (code: string): code is RouterErrorCode => code.startsWith('ROUTER_') || code.startsWith('PROVIDER_');

/**
 * The {@link RouterErrorCode}s, in catalogue order.
 * @public
 */
export const routerErrorCodes: readonly RouterErrorCode[] = Object.freeze(Object.keys(kernelErrorCatalogue).filter(isRouterCode));

/**
 * True when `error` is a `KernelError` the router or a model provider raised, narrowing its
 * `code` to the {@link RouterErrorCode}s.
 *
 * @example
 * ```ts
 * try {
 *   await router.generate([{ role: 'user', content: 'Hi' }]);
 * } catch (error) {
 *   if (isRouterError(error) && error.code === 'ROUTER_NO_PROVIDER') return 'no model is configured';
 *   throw error;
 * }
 * ```
 * @public
 */
export function isRouterError(error: unknown): error is RouterError {
  return error instanceof KernelError && isRouterCode(error.code);
}
