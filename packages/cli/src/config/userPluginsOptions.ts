import { z } from 'zod';

/**
 * The `plugins` slot: the user's own plugins by module — a path relative to the configuration
 * file (or the working directory without one), an absolute path, or a package name — the export
 * holding the `definePlugin(…)` factory, and the options passed to it, which the plugin's own
 * schema validates when the runtime is assembled.
 */
export const userPluginsOptions = z
  .array(
    z.strictObject({
      module: z.string().min(1),
      export: z.string().min(1).default('default'),
      options: z.unknown().optional(),
    }),
  )
  .default([]);

/** One entry of the `plugins` slot, validated. */
export type UserPluginEntry = z.output<typeof userPluginsOptions>[number];
