import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CortexError } from '@cortex-os/kernel';
import { ToolkitError } from '../errors/ToolkitError.js';
import { IGNORE_FILES, type IgnoreRuleStack, isIgnoredBy, parseGitignore } from './GitignoreRules.js';
import { acceptsFile, isExcluded, leadsIntoScope, type SearchEngine, type SearchFileLines, type SearchRequest } from './SearchEngine.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Stops the walk: thrown when `onFile` asks for no more. */
class WalkStopped {}

/** Entries sorted by the bytes of their names, as ripgrep's `--sort path` walks them. */
function byName(a: Dirent, b: Dirent): number {
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
}

/**
 * The lines of a file that match, with their context; undefined when it is binary or has none.
 * @internal
 */
export function matchFileText(
  path: string,
  content: Buffer,
  request: SearchRequest,
  testers: readonly RegExp[],
): SearchFileLines | undefined {
  if (content.includes(0)) return undefined;
  const body = content.subarray(0, 3).equals(UTF8_BOM) ? content.subarray(3) : content;
  const text = body.toString('utf8');
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  const matched: number[] = [];
  for (const [index, line] of all.entries()) if (testers.some((tester) => tester.test(line))) matched.push(index + 1);
  if (matched.length === 0) return undefined;
  const lines = new Map<number, string>();
  for (const number of matched) {
    const from = Math.max(1, number - request.context);
    const to = Math.min(all.length, number + request.context);
    for (let line = from; line <= to; line += 1) lines.set(line, all[line - 1] as string);
  }
  return { path, lines, matched };
}

class BuiltinWalk {
  readonly #request: SearchRequest;
  readonly #onFile: (file: SearchFileLines) => boolean;
  readonly #testers: readonly RegExp[];

  constructor(request: SearchRequest, onFile: (file: SearchFileLines) => boolean) {
    this.#request = request;
    this.#onFile = onFile;
    // Non-global copies: `test` on a global expression would carry `lastIndex` from line to line.
    this.#testers = request.patterns.map((pattern) => new RegExp(pattern.regExp.source, pattern.regExp.flags.replace('g', '')));
  }

  async folder(relative: string, inherited: IgnoreRuleStack): Promise<void> {
    this.#request.signal.throwIfAborted();
    const absolute = relative === '' ? this.#request.root.path : join(this.#request.root.path, relative);
    const entries = (await readdir(absolute, { withFileTypes: true })).sort(byName);
    const rules = await this.#withIgnoreFiles(absolute, relative, entries, inherited);
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.name === '.git' || (!this.#request.hidden && entry.name.startsWith('.'))) continue;
      // Symbolic links are never followed, and FIFOs, sockets and devices never read.
      if (entry.isDirectory()) {
        if (
          leadsIntoScope(this.#request.scope, path) &&
          !isIgnoredBy(rules, path, true) &&
          !isExcluded(this.#request.exclude, path, true)
        ) {
          await this.folder(path, rules);
        }
      } else if (entry.isFile() && !isIgnoredBy(rules, path, false) && acceptsFile(this.#request, path)) {
        await this.#file(path, join(absolute, entry.name));
      }
    }
  }

  async #withIgnoreFiles(
    absolute: string,
    relative: string,
    entries: readonly Dirent[],
    inherited: IgnoreRuleStack,
  ): Promise<IgnoreRuleStack> {
    let stack = inherited;
    for (const name of IGNORE_FILES) {
      if (!entries.some((entry) => entry.name === name && entry.isFile())) continue;
      const rules = parseGitignore(relative, await readFile(join(absolute, name), 'utf8'));
      stack = { ...stack, [name]: [...stack[name], rules] };
    }
    return stack;
  }

  async #file(path: string, absolute: string): Promise<void> {
    this.#request.signal.throwIfAborted();
    const { size } = await lstat(absolute);
    if (size > this.#request.maxFileBytes) return;
    const found = matchFileText(path, await readFile(absolute), this.#request, this.#testers);
    if (found !== undefined && !this.#onFile(found)) throw new WalkStopped();
  }
}

/**
 * The built-in engine: a JavaScript walk and search implementing the same dialect and file rules
 * as the ripgrep engine, for hosts without ripgrep.
 * @public
 */
export function createBuiltinSearchEngine(): SearchEngine {
  return {
    name: 'builtin',
    async search(request, onFile) {
      try {
        await new BuiltinWalk(request, onFile).folder('', { '.rgignore': [], '.ignore': [], '.gitignore': [] });
      } catch (error) {
        if (error instanceof WalkStopped) return;
        if (request.signal.aborted || CortexError.is(error)) throw error;
        // File-system messages carry absolute paths: the root's is replaced by ".".
        const reason = (error instanceof Error ? error.message : String(error)).replaceAll(request.root.path, '.');
        throw ToolkitError.create('TOOLKIT_ENGINE_FAILED', { engine: 'builtin', reason }, { cause: error });
      }
    },
  };
}
