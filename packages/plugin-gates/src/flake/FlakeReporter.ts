import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { GatesError } from '../errors/GatesError.js';
import { toGatesIssues } from '../contract/parseQualityGateContract.js';
import { parseReportJson } from '../readers/readJsonReport.js';
import { flakeReportSchema, type FlakeReport, type FlakeReportTest } from './FlakeReport.js';

/**
 * The part of vitest's `TestCase` the flake reporter reads (vitest 3 and later).
 * @public
 */
export interface FlakeReporterTestCase {
  /** Suite names and test name, joined by ` > `. */
  readonly fullName: string;
  /** The test file. */
  readonly module: { readonly moduleId: string };
  /** Final state after retries and repeats. */
  result(): { readonly state: string };
  /** Retries, repeats and whether vitest saw the test pass after a retry. */
  diagnostic(): { readonly retryCount: number; readonly repeatCount: number; readonly flaky: boolean } | undefined;
}

/**
 * Options of {@link FlakeReporter}.
 * @public
 */
export interface FlakeReporterOptions {
  /** File to append runs to; default `$CORTEX_GATES_FLAKE_FILE`, else `<root>/.cache/reports/flake.json`. */
  readonly outputFile?: string;
  /** Clock for `startedAt`; default `() => new Date()`. */
  readonly now?: () => Date;
}

/**
 * Environment variable naming the flake report file when no `outputFile` option is given.
 * @public
 */
export const flakeFileEnv = 'CORTEX_GATES_FLAKE_FILE';

/**
 * A vitest reporter that records each test's outcome, retries and repeats, and appends the run to a
 * JSON file, so that several runs of the same subset give a flake rate.
 *
 * @example
 * ```sh
 * for i in 1 2 3; do
 *   vitest run packages/kernel --retry=2 --reporter=dot --reporter=./packages/plugin-gates/dist/flake/index.js
 * done
 * ```
 * @throws {@link GatesError} `GATES_REPORT_INVALID` at the end of a run when the existing file is not a flake report.
 * @public
 */
export class FlakeReporter {
  #root = process.cwd();
  #tests: FlakeReportTest[] = [];
  #startedAt: Date;
  readonly #outputFile: string | undefined;
  readonly #now: () => Date;

  constructor(options: FlakeReporterOptions = {}) {
    this.#outputFile = options.outputFile;
    this.#now = options.now ?? (() => new Date());
    this.#startedAt = this.#now();
  }

  /** Where the run is written. */
  get outputFile(): string {
    const file = this.#outputFile ?? process.env[flakeFileEnv] ?? join('.cache', 'reports', 'flake.json');
    return isAbsolute(file) ? file : join(this.#root, file);
  }

  /** Vitest hook: learns the project root. */
  onInit(vitest: { readonly config: { readonly root: string } }): void {
    this.#root = vitest.config.root;
  }

  /** Vitest hook: a new run starts. */
  onTestRunStart(): void {
    this.#tests = [];
    this.#startedAt = this.#now();
  }

  /** Vitest hook: one test finished (after all its retries and repeats). */
  onTestCaseResult(testCase: FlakeReporterTestCase): void {
    const diagnostic = testCase.diagnostic();
    const state = testCase.result().state;
    const file = relative(this.#root, testCase.module.moduleId).split('\\').join('/');
    this.#tests.push({
      id: `${file} > ${testCase.fullName}`,
      state: state === 'passed' || state === 'failed' || state === 'skipped' ? state : 'pending',
      retryCount: diagnostic?.retryCount ?? 0,
      repeatCount: diagnostic?.repeatCount ?? 0,
      flaky: diagnostic?.flaky ?? false,
    });
  }

  /** Vitest hook: appends this run to the report file. */
  async onTestRunEnd(_modules: unknown, _errors: unknown, reason: 'passed' | 'failed' | 'interrupted'): Promise<void> {
    const file = this.outputFile;
    const report = await readExisting(file);
    report.runs.push({ startedAt: this.#startedAt.toISOString(), reason, tests: this.#tests });
    await mkdir(dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(report, null, 1)}\n`);
    await rename(tmp, file);
  }
}

async function readExisting(file: string): Promise<FlakeReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, runs: [] };
    throw cause;
  }
  return parseFlakeReportValue(parseReportJson(text, file), file);
}

/** Validates a flake report value, naming the first bad field. */
export function parseFlakeReportValue(value: unknown, file: string): FlakeReport {
  const result = flakeReportSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = toGatesIssues(result.error.issues);
  const first = issues[0];
  throw new GatesError('GATES_REPORT_INVALID', `report ${file}: field ${first?.path ?? '(root)'}: ${first?.message ?? 'invalid'}`, {
    details: { file, field: first?.path, issues },
  });
}
