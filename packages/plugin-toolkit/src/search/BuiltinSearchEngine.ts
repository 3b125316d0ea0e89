import { readFile } from 'node:fs/promises';
import { CortexError } from '@cortex-os/kernel';
import { ToolkitError } from '../errors/ToolkitError.js';
import type { SearchEngine, SearchFileLines, SearchRequest } from './SearchEngine.js';
import { walkWorkspaceFiles } from './walkWorkspaceFiles.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

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

/**
 * The built-in engine: a JavaScript walk and search implementing the same dialect and file rules
 * as the ripgrep engine, for hosts without ripgrep.
 * @public
 */
export function createBuiltinSearchEngine(): SearchEngine {
  return {
    name: 'builtin',
    async search(request, onFile) {
      // Non-global copies: `test` on a global expression would carry `lastIndex` from line to line.
      const testers = request.patterns.map((pattern) => new RegExp(pattern.regExp.source, pattern.regExp.flags.replace('g', '')));
      try {
        await walkWorkspaceFiles(request, async (path, absolute) => {
          const found = matchFileText(path, await readFile(absolute), request, testers);
          return found === undefined || onFile(found);
        });
      } catch (error) {
        if (request.signal.aborted || CortexError.is(error)) throw error;
        // File-system messages carry absolute paths: the root's is replaced by ".".
        const reason = (error instanceof Error ? error.message : String(error)).replaceAll(request.root.path, '.');
        throw ToolkitError.create('TOOLKIT_ENGINE_FAILED', { engine: 'builtin', reason }, { cause: error });
      }
    },
  };
}
