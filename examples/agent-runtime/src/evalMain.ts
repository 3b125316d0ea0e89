#!/usr/bin/env node
// Runs an eval dataset against the example's assistant: `node dist/evalMain.js <dataset.json> [report.json]`.
// Prints one JSON line per figure (the benchmarks' format) and a summary on stderr; writes the
// report the `eval.successRate` quality gate reads. Uses a real generating model when one is
// configured (see main.ts), else the scripted model, and says which.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cortex-os/kernel';
import { agentsServiceToken } from '@cortex-os/plugin-agents';
import { evalJsonLines, parseEvalDataset, runAgentEvals } from '@cortex-os/plugin-cerebrum';
import { assembleAgentRuntime } from './assembleAgentRuntime.js';

const [datasetFile, reportFile] = process.argv.slice(2);
if (datasetFile === undefined) {
  console.error('usage: node dist/evalMain.js <dataset.json> [report.json]');
  process.exit(2);
}
const dataset = parseEvalDataset(JSON.parse(readFileSync(datasetFile, 'utf8')), datasetFile);
const memoryDir = mkdtempSync(join(tmpdir(), 'agent-runtime-eval-'));
const kernel = assembleAgentRuntime({ memoryDir, logger: createLogger({ level: 'warn' }) });
try {
  await kernel.start();
  const report = await runAgentEvals(kernel.get(agentsServiceToken), { dataset, agent: 'assistant' });
  for (const line of evalJsonLines(report)) console.log(line);
  for (const item of report.cases)
    console.error(`${item.passed ? 'pass' : 'FAIL'} ${item.id}${item.passed ? '' : `: ${item.failures.join('; ')}`}`);
  console.error(`${dataset.name}@${dataset.version}: ${report.passed} of ${report.total} passed (${report.successRate}%)`);
  if (reportFile !== undefined) writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await kernel.stop();
  rmSync(memoryDir, { recursive: true, force: true });
}
