import { CortexError, toError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';

/**
 * Lifecycle hook names, as error messages print them.
 * @internal
 */
export type HookName = 'register' | 'start' | 'started' | 'stopping' | 'drain' | 'stop';

/**
 * Errors the kernel raises about the plugin whose hook runs (a time limit, a refused binding, a binder
 * used too late): they already name the plugin and the fix, so they are not wrapped again.
 */
const OWN_REFUSALS: ReadonlySet<string> = new Set(['PLUGIN_HOOK_TIMEOUT', 'PLUGIN_BINDING_UNDECLARED', 'KERNEL_STATE_INVALID']);

/**
 * Runs one plugin hook under a time limit. The hook gets a signal that aborts at the limit,
 * and the error names the plugin, the hook and the likely mistake.
 * @throws {@link KernelError} `PLUGIN_HOOK_TIMEOUT` at the limit, the kernel's own refusals about this plugin as they are,
 * or `PLUGIN_HOOK_FAILED` wrapping what the hook threw.
 * @internal
 */
export async function runHook<T>(
  plugin: string,
  hook: HookName,
  timeoutMs: number,
  fn: (signal: AbortSignal) => T | Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new KernelError(
        'PLUGIN_HOOK_TIMEOUT',
        `Plugin "${plugin}" hook "${hook}" did not settle within ${timeoutMs} ms; a forgotten \`await\`, or a promise that never resolves, is the usual cause (or raise hookTimeoutMs).`,
        { details: { plugin, hook, timeoutMs } },
      );
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => fn(controller.signal)), timeout]);
  } catch (thrown) {
    if (thrown instanceof KernelError && OWN_REFUSALS.has(thrown.code) && thrown.details['plugin'] === plugin) throw thrown;
    const error = toError(thrown);
    const code = CortexError.is(thrown) ? ` [${thrown.code}]` : '';
    throw new KernelError('PLUGIN_HOOK_FAILED', `Plugin "${plugin}" hook "${hook}" failed${code}: ${error.message}`, {
      details: { plugin, hook },
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
