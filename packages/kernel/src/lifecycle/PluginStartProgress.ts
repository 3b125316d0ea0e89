/**
 * One step of a kernel's start, as {@link CreateKernelOptions.onStartProgress} receives it: a
 * plugin's `start` hook began (`starting`), returned (`started`) or failed (`failed`). Plugins of
 * one dependency level start concurrently, so several may be `starting` at once; `index` and
 * `total` count the plugins whose `start` ran to its end, so a host can show "3 of 7".
 * @public
 */
export interface PluginStartProgress {
  /** The plugin's name. */
  readonly plugin: string;
  /** What happened to its `start` hook. */
  readonly state: 'starting' | 'started' | 'failed';
  /** Plugins started so far, this one included when `state` is `started`. */
  readonly index: number;
  /** Plugins the kernel starts. */
  readonly total: number;
}
