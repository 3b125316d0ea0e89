import { describe, expect, it } from 'vitest';
import { createBuiltinSearchEngine, createWorkspaceRoots, runSearch, type SearchQuery } from '@cortex-os/plugin-toolkit';
import { CORPUS_MAX_FILE_BYTES, corpusQueries, createSearchCorpus } from './searchCorpus.js';

async function search(query: SearchQuery) {
  await using corpus = await createSearchCorpus();
  const roots = await createWorkspaceRoots([{ path: corpus.root, name: 'repo' }]);
  const settings = { roots, engine: createBuiltinSearchEngine(), maxFileBytes: CORPUS_MAX_FILE_BYTES, maxLineChars: 200 };
  return await runSearch(settings, query, new AbortController().signal);
}

const base = corpusQueries[0]?.query as SearchQuery;
const files = async (query: SearchQuery, pattern = 0) => [...new Set((await search(query)).results[pattern]?.matches.map((m) => m.path))];

// The rules pinned on the built-in engine; test/toolkit/searchEngines.test.ts proves ripgrep agrees.
describe('the built-in engine on the shared corpus', () => {
  it('applies .gitignore (nested, negated, anchored, folder-only), .ignore and .rgignore, and skips hidden, binary, big and linked files', async () => {
    expect(await files(base)).toEqual([
      'bom.ts',
      'context.ts',
      'crlf.txt',
      'keep.log',
      'local.ts',
      'no-newline.ts',
      'real.ts',
      'sub/anchored.txt',
      'uni.txt',
    ]);
  });

  it('searches hidden files and folders when asked, never .git', async () => {
    const found = await files({ ...base, hidden: true });
    expect(found).toContain('.hidden.ts');
    expect(found).toContain('.config/settings.ts');
    expect(found.some((path) => path.startsWith('.git/'))).toBe(false);
  });

  it('narrows to a sub-path while the root .gitignore still applies', async () => {
    expect(await files({ ...base, path: 'sub' })).toEqual(['sub/anchored.txt']);
    expect(await files({ ...base, path: 'build' })).toEqual([]);
  });

  it('reports lines, submatches in UTF-16 offsets, context and the limit', async () => {
    const outcome = await search({ ...base, patterns: ['needle'], include: ['context.ts'], context: 1, maxResults: 2 });
    expect(outcome.results[0]).toEqual({
      pattern: 'needle',
      truncated: true,
      matches: [
        { path: 'context.ts', line: 3, text: 'needle three', submatches: [{ start: 0, end: 6 }], before: ['two'], after: ['four'] },
        { path: 'context.ts', line: 5, text: 'needle five', submatches: [{ start: 0, end: 6 }], before: ['four'], after: ['six'] },
      ],
    });
    const bom = await search({ ...base, patterns: ['^needle'], include: ['bom.ts'] });
    expect(bom.results[0]?.matches[0]?.submatches).toEqual([{ start: 0, end: 6 }]);
  });

  it.each(corpusQueries)('$name: finds something', async ({ query }) => {
    const outcome = await search(query);
    expect(outcome.engine).toBe('builtin');
    expect(outcome.results.some((result) => result.matches.length > 0)).toBe(true);
  });

  it('stops at once when aborted', async () => {
    await using corpus = await createSearchCorpus();
    const roots = await createWorkspaceRoots([{ path: corpus.root }]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const settings = { roots, engine: createBuiltinSearchEngine(), maxFileBytes: 4096, maxLineChars: 200 };
    await expect(runSearch(settings, base, controller.signal)).rejects.toThrow('stop');
  });
});
