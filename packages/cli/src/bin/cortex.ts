#!/usr/bin/env node
import { runCli } from '../runCli.js';

// The one place that touches the real process: everything else takes a CliIo.
const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  // Live progress only on a terminal: a desktop client or a log file gets the JSON log lines alone.
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(text) } : {}),
});
// exitCode, not exit(): stdout is flushed and the runtime's own exit code logic is kept.
process.exitCode = code;
