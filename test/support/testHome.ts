// globalSetup of every project: the run's own runtime home. Plugins that default their folders to
// the runtime home (memory, tasks, the toolkit's tools) then never touch the developer's real
// one, whatever a test forgets to pass. Workers inherit the variable; the folder goes at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let home: string | undefined;

export function setup(): void {
  // Vitest runs each project's global setups in this one process: the first one makes the home.
  if (home !== undefined) return;
  home = mkdtempSync(join(tmpdir(), 'cortex-test-home-'));
  process.env['CORTEX_HOME'] = home;
}

export function teardown(): void {
  if (home === undefined) return;
  rmSync(home, { recursive: true, force: true });
  home = undefined;
}
