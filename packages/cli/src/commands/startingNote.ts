import type { PluginStartProgress } from '@cortex-os/kernel';

/**
 * Turns the kernel's start progress into one short detail for the progress line: how many plugins
 * have started and which are still starting — the slow ones stay named (a database migration, an
 * index rebuild, a word-vector conversion on a first run).
 */
export function startingNote(note: (detail: string) => void): (progress: PluginStartProgress) => void {
  const starting = new Set<string>();
  return ({ plugin, state, index, total }) => {
    if (state === 'starting') starting.add(plugin);
    else starting.delete(plugin);
    note(`${index} of ${total} started${starting.size === 0 ? '' : `; ${[...starting].join(', ')}`}`);
  };
}
