// Issue 22 §2: one dialect, one set of file rules, two engines. Every query of the shared corpus
// gives identical results on ripgrep (a real `rg` child process) and on the built-in engine.
// ripgrep is required when CI=true (.ci/run installs it); skipped loudly elsewhere when absent.
import { describe, expect, it } from 'vitest';
import { ripgrepForTests } from '../support/ripgrepForTests.js';
import {
  createBuiltinSearchEngine,
  createRipgrepSearchEngine,
  createWorkspaceRoots,
  runSearch,
  type SearchEngine,
} from '@cortex-os/plugin-toolkit';
import { CORPUS_MAX_FILE_BYTES, corpusQueries, createSearchCorpus } from '../../packages/plugin-toolkit/test/search/searchCorpus.js';

const ripgrep = await ripgrepForTests('the two-engine corpus test is');

describe.skipIf(ripgrep === undefined)('search engines on the shared corpus', () => {
  it.each(corpusQueries)('$name: ripgrep and the built-in engine agree', async ({ query }) => {
    await using corpus = await createSearchCorpus();
    const roots = await createWorkspaceRoots([{ path: corpus.root, name: 'repo' }]);
    const run = (engine: SearchEngine) =>
      runSearch({ roots, engine, maxFileBytes: CORPUS_MAX_FILE_BYTES, maxLineChars: 200 }, query, new AbortController().signal);
    const viaRipgrep = await run(createRipgrepSearchEngine({ path: ripgrep?.path ?? 'rg' }));
    const viaBuiltin = await run(createBuiltinSearchEngine());
    expect(viaRipgrep.engine).toBe('ripgrep');
    expect(viaBuiltin.engine).toBe('builtin');
    expect(viaRipgrep.results).toEqual(viaBuiltin.results);
    expect(viaBuiltin.results.some((result) => result.matches.length > 0)).toBe(true);
  });
});
