// Runs api-extractor once per public entry point: every packages/<pkg>/api-extractor*.json.
// `api-extractor.json` covers the package's main entry (report etc/<pkg>.api.md); each
// `api-extractor.<entry>.json` covers one `exports` subpath (report etc/<pkg>-<entry>.api.md).
// Check mode (default) fails when a public API changed without its committed report;
// `--local` rewrites the reports under etc/ for review.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const local = process.argv.includes('--local');
const packagesDir = join(import.meta.dirname, '..', 'packages');

/** The package's api-extractor configs, the main entry's first. */
function configsOf(packageDir) {
  const names = readdirSync(packageDir).filter((name) => /^api-extractor(\.[\w-]+)?\.json$/.test(name));
  // Sorted without the extension, so `api-extractor.json` (the main entry) comes first and `.testing` before `.testing-vitest`.
  const stem = (name) => name.replace(/\.json$/, '');
  return names.sort((a, b) => stem(a).localeCompare(stem(b)));
}

/** `.` for dist/index.d.ts, `./testing/vitest` for dist/testing/vitest/index.d.ts. */
function entryOf(config) {
  const path = relative(join(config.projectFolder, 'dist'), config.mainEntryPointFilePath).replace(/\\/g, '/');
  const entry = path.replace(/(^|\/)index\.d\.ts$/, '');
  return entry === '' ? '.' : `./${entry}`;
}

/** `exports` subpaths that have types, so a new entry without a report is pointed out. */
function typedExportsOf(packageDir) {
  const { exports = {} } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return Object.entries(exports)
    .filter(([, target]) => typeof target === 'object' && target !== null && 'types' in target)
    .map(([subpath]) => subpath);
}

function run(dir, configPath) {
  let config;
  try {
    config = ExtractorConfig.loadFileAndPrepare(configPath);
  } catch (error) {
    console.log(
      `api-extractor ${dir} (${configPath.split('/').at(-1)}): FAILED (${error.message.split('\n').at(-1)}; is the package built? run \`pnpm build\`)`,
    );
    return { ok: false };
  }
  const entry = entryOf(config);
  const label = entry === '.' ? dir : `${dir} ${entry}`;
  if (!existsSync(config.mainEntryPointFilePath)) {
    console.log(
      `api-extractor ${label}: FAILED (${relative(process.cwd(), config.mainEntryPointFilePath)} is missing; run \`pnpm build\`)`,
    );
    return { ok: false, entry };
  }
  const result = Extractor.invoke(config, {
    localBuild: local,
    showVerboseMessages: false,
    messageCallback: (message) => {
      if (message.logLevel === 'none' || message.logLevel === 'verbose') message.handled = true;
    },
  });
  const ok = result.succeeded && (local || !result.apiReportChanged);
  console.log(
    `api-extractor ${label}: ${ok ? 'ok' : 'FAILED'}${result.apiReportChanged ? ' (API report changed: run `pnpm api:update` and commit etc/)' : ''}`,
  );
  return { ok, entry };
}

let failed = 0;
for (const dir of readdirSync(packagesDir).sort()) {
  const packageDir = join(packagesDir, dir);
  const configs = configsOf(packageDir);
  if (configs.length === 0) continue;
  const covered = new Set();
  for (const name of configs) {
    const { ok, entry } = run(dir, join(packageDir, name));
    if (!ok) failed += 1;
    if (entry !== undefined) covered.add(entry);
  }
  for (const subpath of typedExportsOf(packageDir).filter((s) => !covered.has(s))) {
    console.log(`api-extractor ${dir} ${subpath}: no report (add api-extractor.<entry>.json if the entry is public)`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
