import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ToolkitError } from '../errors/ToolkitError.js';
import { acceptsFile, type SearchEngine, type SearchFileLines, type SearchRequest } from './SearchEngine.js';

/**
 * Options of {@link createRipgrepSearchEngine}.
 * @public
 */
export interface CreateRipgrepSearchEngineOptions {
  /**
   * The ripgrep executable.
   * @defaultValue `rg`, found on `PATH`
   */
  readonly path?: string;
  /**
   * How long a stopped ripgrep gets to exit after SIGTERM before SIGKILL, in milliseconds.
   * @defaultValue 2000
   */
  readonly killGraceMs?: number;
}

/** ripgrep's JSON text: UTF-8 as `text`, anything else as base64 `bytes`. */
interface RipgrepData {
  readonly text?: string;
  readonly bytes?: string;
}

interface RipgrepMessage {
  readonly type: 'begin' | 'match' | 'context' | 'end' | 'summary';
  readonly data: {
    readonly path?: RipgrepData;
    readonly lines?: RipgrepData;
    readonly line_number?: number | null;
    readonly binary_offset?: number | null;
  };
}

function textOf(data: RipgrepData | undefined): string {
  if (data === undefined) return '';
  return data.text ?? Buffer.from(data.bytes ?? '', 'base64').toString('utf8');
}

/**
 * The arguments that make ripgrep apply the toolkit's file rules (see {@link SearchRequest}).
 * @internal
 */
export function ripgrepArguments(request: SearchRequest): string[] {
  return [
    '--json',
    '--no-config',
    // Byte order of names, folder by folder, as the built-in engine walks (and single-threaded: stable limits).
    '--sort',
    'path',
    // Ignore files from the root down only: no global, `.git/info/exclude` or parent-folder rules.
    '--no-ignore-global',
    '--no-ignore-exclude',
    '--no-ignore-parent',
    '--no-require-git',
    '--max-filesize',
    String(request.maxFileBytes),
    '--glob',
    '!.git',
    ...(request.hidden ? ['--hidden'] : []),
    ...(request.context > 0 ? ['--context', String(request.context)] : []),
    ...request.patterns.flatMap((pattern) => ['--regexp', pattern.rust]),
    '--',
    '.',
  ];
}

/** Reads ripgrep's JSON stream into files, handing each accepted one to `onFile`. */
class RipgrepReader {
  readonly #request: SearchRequest;
  readonly #onFile: (file: SearchFileLines) => boolean;
  #lines = new Map<number, string>();
  #matched: number[] = [];
  stopped = false;

  constructor(request: SearchRequest, onFile: (file: SearchFileLines) => boolean) {
    this.#request = request;
    this.#onFile = onFile;
  }

  /** Takes one JSON line; returns false once no more files are wanted. */
  take(json: string): boolean {
    let message: RipgrepMessage;
    try {
      message = JSON.parse(json) as RipgrepMessage;
    } catch (error) {
      throw engineFailed(`it printed a line that is not JSON (${json.slice(0, 40)}…)`, error);
    }
    const { data } = message;
    if (message.type === 'begin') {
      this.#lines = new Map();
      this.#matched = [];
    } else if (message.type === 'match' || message.type === 'context') {
      const number = data.line_number ?? 0;
      this.#lines.set(number, textOf(data.lines).replace(/\n$/, ''));
      if (message.type === 'match') this.#matched.push(number);
    } else if (message.type === 'end') {
      const path = textOf(data.path).replace(/^\.\//, '');
      // A NUL byte makes a file binary: ripgrep stops reading it and says where; it is skipped whole.
      if (data.binary_offset === null && this.#matched.length > 0 && acceptsFile(this.#request, path)) {
        this.stopped = !this.#onFile({ path, lines: this.#lines, matched: this.#matched });
      }
    }
    return !this.stopped;
  }
}

/** Sends SIGTERM, then SIGKILL after the grace period unless the process exited. */
function stop(child: ChildProcess, graceMs: number): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  timer.unref();
  child.once('close', () => clearTimeout(timer));
}

/**
 * The ripgrep engine: runs `rg --json` with the toolkit's file rules, reads its stream, and stops
 * the process (SIGTERM, then SIGKILL) on abort or once enough was found.
 * @public
 */
export function createRipgrepSearchEngine(options: CreateRipgrepSearchEngineOptions = {}): SearchEngine {
  const executable = options.path ?? 'rg';
  const graceMs = options.killGraceMs ?? 2000;
  return {
    name: 'ripgrep',
    async search(request, onFile) {
      request.signal.throwIfAborted();
      const child = spawn(executable, ripgrepArguments(request), { cwd: request.root.path, stdio: ['ignore', 'pipe', 'pipe'] });
      const onAbort = (): void => stop(child, graceMs);
      request.signal.addEventListener('abort', onAbort, { once: true });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < 4000) stderr += chunk;
      });
      const closed = new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
        child.once('error', (spawnError) => resolve({ code: null, spawnError }));
        child.once('close', (code) => resolve({ code }));
      });
      const reader = new RipgrepReader(request, onFile);
      try {
        for await (const line of createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })) {
          // A stopped process may leave half a line behind: nothing after an abort is read.
          if (request.signal.aborted || !reader.take(line)) break;
        }
      } catch (error) {
        // A stream cut by an abort is the abort's doing; the abort reason is thrown below.
        if (!request.signal.aborted) {
          stop(child, graceMs);
          await closed;
          throw error;
        }
      } finally {
        if (reader.stopped || request.signal.aborted) stop(child, graceMs);
      }
      const { code, spawnError } = await closed;
      request.signal.removeEventListener('abort', onAbort);
      request.signal.throwIfAborted();
      if (reader.stopped) return;
      if (spawnError !== undefined)
        throw engineFailed(`it could not be started (${(spawnError as { code?: string }).code ?? spawnError.message})`, spawnError);
      // 0: matches, 1: none, 2: an error (ripgrep still searched what it could).
      if (code !== 0 && code !== 1) throw engineFailed(`it exited with ${code}: ${firstLine(stderr, request.root.path)}`);
    },
  };
}

function engineFailed(reason: string, cause?: unknown): ToolkitError {
  return ToolkitError.create('TOOLKIT_ENGINE_FAILED', { engine: 'ripgrep', reason }, cause === undefined ? {} : { cause });
}

/** ripgrep's first complaint, with the root's machine path taken out. */
function firstLine(stderr: string, root: string): string {
  return (stderr.split('\n').find((line) => line.trim() !== '') ?? 'no message').replaceAll(root, '.').slice(0, 300);
}

/**
 * What {@link detectRipgrep} found.
 * @public
 */
export interface RipgrepInstallation {
  /** The executable that answered. */
  readonly path: string;
  /** The version it printed, `13.0.0` say. */
  readonly version: string;
}

/**
 * Runs `<path> --version` and returns the installation when it answers as ripgrep within
 * `timeoutMs`; undefined otherwise.
 * @public
 */
export function detectRipgrep(path = 'rg', timeoutMs = 5000): Promise<RipgrepInstallation | undefined> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: timeoutMs }, (error, stdout) => {
      const version = /^ripgrep (\d+\.\d+\.\d+)/.exec(String(stdout))?.[1];
      resolve(error === null && version !== undefined ? { path, version } : undefined);
    });
  });
}
