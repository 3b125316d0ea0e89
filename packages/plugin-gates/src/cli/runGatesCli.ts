import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CortexError } from '@cortex-os/kernel';
import { runGatesCheck } from '../check/runGatesCheck.js';
import { createQualityGateJsonSchema } from '../contract/createQualityGateJsonSchema.js';
import { GatesError } from '../errors/GatesError.js';
import { formatGateTable } from '../output/formatGateTable.js';
import { toGatesJsonReport } from '../output/toGatesJsonReport.js';
import { toSarifLog } from '../output/toSarifLog.js';

/**
 * Where the CLI writes, and the directory it runs in; injectable for tests.
 * @public
 */
export interface GatesCliIo {
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Writes one message to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes one message to standard error. */
  readonly stderr: (text: string) => void;
}

/**
 * The usage text of `cortex-gates`.
 * @public
 */
export const gatesCliUsage = `Usage:
  cortex-gates check --contract <file> [--reports <dir>] [--root <dir>] [--update] [--json <out>] [--sarif <out>] [--markdown]
  cortex-gates schema [--out <file>]

check   reads the reports the contract names, enforces the gates and the ratchet, prints a table.
        --reports  folder the contract's report paths are relative to (default .cache/reports)
        --root     project root (default: current directory)
        --update   raise the committed baseline where a measurement is better (never lowers it)
schema  prints (or writes) the JSON Schema of the contract.

Exit codes: 0 gates pass, 1 a required gate is violated, 2 bad usage, contract, baseline, rubric or unreadable report.`;

async function toolVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function writeOut(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/**
 * Runs the `cortex-gates` command line and returns its exit code: 0 pass, 1 violation, 2 bad
 * usage, contract, baseline, rubric or unreadable report (the message names the file and field).
 * @public
 */
export async function runGatesCli(argv: readonly string[], io: GatesCliIo): Promise<0 | 1 | 2> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout)(gatesCliUsage);
      return command === undefined ? 2 : 0;
    }
    if (command === 'schema') {
      const { values } = parseArgs({ args: [...rest], options: { out: { type: 'string' } }, strict: true });
      const text = `${JSON.stringify(createQualityGateJsonSchema(), null, 2)}\n`;
      if (values.out === undefined) io.stdout(text.trimEnd());
      else await writeOut(resolve(io.cwd, values.out), text);
      return 0;
    }
    if (command !== 'check') throw new GatesError('GATES_CLI_USAGE', `unknown command ${JSON.stringify(command)}\n${gatesCliUsage}`);
    const values = parseCheckArgs(rest);
    if (values.contract === undefined) throw new GatesError('GATES_CLI_USAGE', `check needs --contract <file>\n${gatesCliUsage}`);
    const root = resolve(io.cwd, values.root ?? '.');
    const outcome = await runGatesCheck({
      contract: resolve(io.cwd, values.contract),
      reportsDir: resolve(io.cwd, values.reports ?? resolve(root, '.cache/reports')),
      root,
      update: values.update === true,
    });
    io.stdout(formatGateTable(outcome.check, { style: values.markdown === true ? 'markdown' : 'text', root }));
    for (const change of outcome.baselineChanges)
      io.stdout(`baseline ${change.key}: ${change.from ?? 'none'} -> ${change.to} (${outcome.baselineFile})`);
    if (values.json !== undefined)
      await writeOut(
        resolve(io.cwd, values.json),
        `${JSON.stringify(toGatesJsonReport(outcome.check, outcome.baselineChanges, outcome.readiness), null, 2)}\n`,
      );
    if (values.sarif !== undefined)
      await writeOut(
        resolve(io.cwd, values.sarif),
        `${JSON.stringify(toSarifLog(outcome.check, { root, toolVersion: await toolVersion() }), null, 2)}\n`,
      );
    return outcome.check.passed ? 0 : 1;
  } catch (error) {
    if (CortexError.is(error)) {
      io.stderr(`cortex-gates: [${error.code}] ${error.message}`);
      return 2;
    }
    io.stderr(`cortex-gates: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

function parseCheckArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      options: {
        contract: { type: 'string' },
        reports: { type: 'string' },
        root: { type: 'string' },
        update: { type: 'boolean' },
        json: { type: 'string' },
        sarif: { type: 'string' },
        markdown: { type: 'boolean' },
      },
    }).values;
  } catch (cause) {
    throw new GatesError('GATES_CLI_USAGE', `${(cause as Error).message}\n${gatesCliUsage}`, { cause });
  }
}
