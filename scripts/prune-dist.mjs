// Removes build outputs whose source is gone. `tsc -b` never deletes the outputs of a source file
// that was moved or deleted, so a working copy's dist/ keeps them, `pnpm pack` ships them, and
// their source maps point at sources that do not exist. Outputs are derived data: rebuilt, never
// trusted. Run before `tsc -b` (scripts/test-all.mjs does).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outputSuffixes = ['.d.ts.map', '.js.map', '.d.ts', '.js'];
const sourceSuffixes = ['.ts', '.tsx', '.mts'];

/** The outputs under `packageDir/dist` without a source under `packageDir/src`; removes them unless `dryRun`. */
export function pruneStaleOutputs(packageDir, { dryRun = false } = {}) {
  const dist = join(packageDir, 'dist');
  if (!existsSync(dist) || !existsSync(join(packageDir, 'src'))) return [];
  const stale = [];
  for (const name of readdirSync(dist, { recursive: true })) {
    if (name.startsWith('api-temp')) continue;
    const suffix = outputSuffixes.find((ending) => name.endsWith(ending));
    if (suffix === undefined) continue;
    const stem = name.slice(0, -suffix.length);
    if (sourceSuffixes.some((ending) => existsSync(join(packageDir, 'src', `${stem}${ending}`)))) continue;
    stale.push(name);
    if (!dryRun) rmSync(join(dist, name), { force: true });
  }
  return stale.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packages = join(fileURLToPath(new URL('..', import.meta.url)), 'packages');
  let removed = 0;
  for (const dir of readdirSync(packages)) removed += pruneStaleOutputs(join(packages, dir)).length;
  console.log(`prune-dist: removed ${removed} build output${removed === 1 ? '' : 's'} of deleted sources`);
}
