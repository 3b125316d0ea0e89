import { KernelError } from '../errors/KernelError.js';
import { type KernelErrorCode, kernelErrorCatalogue } from '../errors/kernelErrorCatalogue.js';

/**
 * Every error code the policy router and model providers raise: the kernel catalogue's `ROUTER_*`
 * and `PROVIDER_*` codes. They stay in the kernel's catalogue (one prefix, one README table); this
 * door names them so a caller of the router can handle exactly these.
 * @public
 */
export type RouterErrorCode = Extract<KernelErrorCode, `ROUTER_${string}` | `PROVIDER_${string}`>;

const isRouterCode = (code: string): code is RouterErrorCode => code.startsWith('ROUTER_') || code.startsWith('PROVIDER_');

/**
 * The {@link RouterErrorCode}s, in catalogue order.
 * @public
 */
export const routerErrorCodes: readonly RouterErrorCode[] = Object.freeze(Object.keys(kernelErrorCatalogue).filter(isRouterCode));

/**
 * True when `error` is a {@link KernelError} the router or a model provider raised, narrowing its
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
export function isRouterError(error: unknown): error is KernelError & { readonly code: RouterErrorCode } {
  return error instanceof KernelError && isRouterCode(error.code);
}
