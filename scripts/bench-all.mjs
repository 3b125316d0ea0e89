// `npm run bench`: runs every benchmark in bench/package.json's scripts, one after another (they
// share the machine's two cores, so never at once), and reports which failed. Each benchmark
// prints its own table and JSON lines; this script adds nothing to them. The benchmarks are
// TypeScript run by Node directly, so `node` in their scripts must be the Node running this file
// (≥ 22.18); `scripts/bench-smoke.mjs` runs the same list in smoke mode for the test suite.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const benchDir = join(import.meta.dirname, '..', 'bench');
const { scripts } = JSON.parse(readFileSync(join(benchDir, 'package.json'), 'utf8'));
const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in scripts));
if (unknown.length > 0) {
  console.error(`no benchmark named ${unknown.join(', ')} in bench/package.json (${Object.keys(scripts).join(', ')})`);
  process.exit(1);
}
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
const names = Object.keys(scripts).filter((name) => only.length === 0 || only.includes(name));
const failed = [];
for (const name of names) {
  console.error(`\n› bench ${name}: ${scripts[name]}`);
  const run = spawnSync(scripts[name], { cwd: benchDir, env, shell: true, stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${name} (exit ${run.status ?? run.signal})`);
}
console.error(
  `\n${names.length - failed.length} benchmarks ran, ${failed.length} failed${failed.length === 0 ? '' : `: ${failed.join(', ')}`}`,
);
process.exit(failed.length === 0 ? 0 : 1);
