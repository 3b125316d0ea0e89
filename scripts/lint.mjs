// The format and lint step of `npm test`: Biome checks formatting and lint rules over the whole
// tree (warnings fail too), then the long-function allow-list (.eng/long-functions.json) is held
// to the suppressions in the code, so the list can only shrink.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const rule = 'lint/complexity/noExcessiveLinesPerFunction';
// Exempt by annotation, not by listing: a shared behaviour suite or a declarative table is a
// sequence of cases, not logic to split.
const exemptReason = /^(shared behaviour suite|declarative table)\b/;

const biome = spawnSync('biome', ['ci', '--error-on-warnings', '--max-diagnostics=50', '.'], { cwd: root, stdio: 'inherit' });
const problems = [];
if (biome.status !== 0)
  problems.push('Biome found formatting or lint problems (above); `pnpm biome check --write .` fixes the formatting ones');

const allowList = JSON.parse(readFileSync(join(root, '.eng/long-functions.json'), 'utf8'));
const listed = new Map(allowList.functions.map((f) => [f.file, f]));
const git = spawnSync('git', ['grep', '-n', '-I', '--fixed-strings', `biome-ignore ${rule}`, '--', '*.ts', '*.mts', '*.mjs', '*.js'], {
  cwd: root,
  encoding: 'utf8',
});
const found = new Set();
for (const hit of git.stdout.split('\n').filter(Boolean)) {
  const [, file, line, reason] = /^([^:]+):(\d+):.*biome-ignore \S+: (.*)$/.exec(hit) ?? [];
  if (file === undefined || reason === undefined) continue;
  if (exemptReason.test(reason)) continue;
  const entry = listed.get(file);
  if (entry === undefined)
    problems.push(`${file}:${line}: a function over 100 lines that .eng/long-functions.json does not list: split it instead`);
  else if (!reason.includes(`#${entry.issue}`))
    problems.push(`${file}:${line}: the suppression must name issue #${entry.issue}, as the allow-list does`);
  found.add(file);
}
for (const entry of allowList.functions) {
  if (!found.has(entry.file))
    problems.push(
      `${entry.file}: ${entry.function} is no longer over 100 lines: remove it from .eng/long-functions.json and lower the ceiling`,
    );
}
if (allowList.functions.length > allowList.ceiling)
  problems.push(
    `.eng/long-functions.json lists ${allowList.functions.length} functions, above its ceiling of ${allowList.ceiling}: the list only shrinks`,
  );

for (const problem of problems) console.error(`✗ ${problem}`);
if (problems.length === 0) console.log(`lint: Biome clean; ${allowList.functions.length} long functions allowed, each naming its issue`);
process.exitCode = problems.length === 0 ? 0 : 1;
