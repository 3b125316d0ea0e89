// Runs api-extractor for every package that has an api-extractor.json.
// Check mode (default) fails when a public API changed without its committed report;
// `--local` rewrites etc/<pkg>.api.md for review.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const local = process.argv.includes('--local');
const packagesDir = join(import.meta.dirname, '..', 'packages');
let failed = 0;
for (const dir of readdirSync(packagesDir).sort()) {
  const configPath = join(packagesDir, dir, 'api-extractor.json');
  if (!existsSync(configPath)) continue;
  let config;
  try {
    config = ExtractorConfig.loadFileAndPrepare(configPath);
  } catch (error) {
    console.log(`api-extractor ${dir}: FAILED (${error.message.split('\n').at(-1)}; is the package built? run \`pnpm build\`)`);
    failed += 1;
    continue;
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
    `api-extractor ${dir}: ${ok ? 'ok' : 'FAILED'}${result.apiReportChanged ? ' (API report changed: run `pnpm api:update` and commit etc/)' : ''}`,
  );
  if (!ok) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
