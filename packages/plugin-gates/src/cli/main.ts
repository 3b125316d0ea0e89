#!/usr/bin/env node
// The `cortex-gates` bin: a thin shell over runGatesCli so tests can drive the same code in-process.
import { runGatesCli } from './runGatesCli.js';

process.exitCode = await runGatesCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
