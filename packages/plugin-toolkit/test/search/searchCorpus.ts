// The shared corpus: one folder that exercises every file rule and a list of queries that cover
// every dialect feature. Both engines must give identical results on it (test/toolkit/searchEngines.test.ts);
// the built-in engine's results are also pinned here, in-process.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SearchQuery } from '@cortex-os/plugin-toolkit';

/** Files larger than this are skipped in corpus runs. */
export const CORPUS_MAX_FILE_BYTES = 4096;

const files: Readonly<Record<string, string | Buffer>> = {
  '.gitignore': '# ignore rules\n*.log\nbuild/\n!keep.log\n/anchored.txt\ntrailing.txt   \n',
  'app.log': 'needle in an ignored log\n',
  'keep.log': 'needle in a re-included log\n',
  'build/out.ts': 'needle in an ignored folder\n',
  'anchored.txt': 'needle anchored at the root\n',
  'trailing.txt': 'needle ignored through a rule with trailing spaces\n',
  'sub/anchored.txt': 'needle not anchored here\n',
  'sub/.gitignore': 'local.ts\n',
  'sub/local.ts': 'needle ignored by a nested rule\n',
  'local.ts': 'needle not ignored at the root\n',
  '.hidden.ts': 'needle in a hidden file\n',
  '.config/settings.ts': 'needle in a hidden folder\n',
  '.git/HEAD': 'needle in the git folder\n',
  '.ignore': 'dot-ignored.ts\n',
  '.rgignore': 'rg-ignored.ts\n',
  'dot-ignored.ts': 'needle listed only in .ignore\n',
  'rg-ignored.ts': 'needle listed only in .rgignore\n',
  'bin.dat': Buffer.concat([Buffer.from('needle before a NUL\n'), Buffer.from([0, 1, 2]), Buffer.from('\nneedle after\n')]),
  'big.txt': `${'filler line\n'.repeat(400)}needle in a big file\n`,
  'real.ts': 'needle in the real file\nfoo_bar fooBar foo-bar foo.bar 123 4.5\n',
  'crlf.txt': 'needle\r\nends with dollar$\r\n\r\nlast line\r\n',
  'bom.ts': '\uFEFFneedle after a byte order mark\n',
  'uni.txt': 'café ÉCOLE straße ſ \u212A 日本語 needle 🙂x\n',
  'a.ts': 'alpha aa aaa aaaa\n',
  'a/b.ts': 'alpha in a folder\n',
  'A.ts': 'Alpha upper\n',
  'a-b.ts': 'alpha dash\n',
  'a_b.ts': 'alpha underscore\n',
  'no-newline.ts': 'first\nneedle at the end without a newline',
  'context.ts': 'one\ntwo\nneedle three\nfour\nneedle five\nsix\nseven\neight\nneedle nine\n',
  'punct.ts': 'a.b(c) [x] {y} a+b a*b a?b a|b a^b $dollar back\\slash tab\there 50% #hash &amp ~tilde -dash /slash\n',
  'words.ts': 'foo foobar barfoo bar_foo xfoo foo1 \tspaced line   \n',
};

/**
 * Writes the corpus into a new temporary folder; returns it and a function that removes it.
 * `outside` is a folder beside it that a symbolic link in the corpus points to.
 */
export async function createSearchCorpus(): Promise<{ root: string; outside: string } & AsyncDisposable> {
  const base = await mkdtemp(join(tmpdir(), 'toolkit-corpus-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'secret.ts'), 'needle outside the root\n');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await symlink(join(root, 'real.ts'), join(root, 'link-file.ts'));
  await symlink(join(root, 'sub'), join(root, 'link-dir'));
  await symlink(outside, join(root, 'escape'));
  await symlink(join(outside, 'secret.ts'), join(root, 'escape-file.ts'));
  return { root, outside, [Symbol.asyncDispose]: () => rm(base, { recursive: true, force: true }) };
}

const base: SearchQuery = {
  patterns: ['needle'],
  path: '.',
  literal: false,
  ignoreCase: false,
  include: [],
  exclude: [],
  hidden: false,
  context: 0,
  maxResults: 200,
};

/** One query per rule and dialect feature; `name` says which. */
export const corpusQueries: readonly { readonly name: string; readonly query: SearchQuery }[] = [
  { name: 'plain text: gitignore, hidden, binary, size, symlink rules', query: base },
  { name: 'hidden files and folders', query: { ...base, hidden: true } },
  { name: 'a sub-path keeps the root .gitignore', query: { ...base, path: 'sub' } },
  { name: 'one file as the path', query: { ...base, path: 'real.ts' } },
  { name: 'include globs', query: { ...base, include: ['*.ts'] } },
  { name: 'include with braces and **', query: { ...base, include: ['**/{sub,a}/*.{ts,txt}'] } },
  { name: 'exclude globs prune folders', query: { ...base, exclude: ['sub', '*.txt'] } },
  { name: 'anchored exclude', query: { ...base, exclude: ['/real.ts', 'a/'] } },
  { name: 'dot', query: { ...base, patterns: ['ne.dle'] } },
  { name: 'anchors', query: { ...base, patterns: ['^needle', 'needle$', '^$'] } },
  { name: 'CRLF and dollar', query: { ...base, patterns: ['line.$', 'dollar\\$'] } },
  { name: 'word boundaries', query: { ...base, patterns: ['\\bfoo\\b', '\\Bfoo', 'foo\\B'] } },
  { name: 'shorthand classes', query: { ...base, patterns: ['\\d+', '\\w+\\.\\w+', '\\s{2,}', '\\D\\d', '\\W\\w', '\\S+$'] } },
  { name: 'classes and ranges', query: { ...base, patterns: ['[A-Z][a-z]+', '[^a-z ]+', '[\\w-]+-[\\w]+', '[.$^]', '[a\\-z]'] } },
  { name: 'groups and alternation', query: { ...base, patterns: ['(?:foo|bar)+', '(alpha|Alpha) (dash|upper)', 'x|y'] } },
  { name: 'repeats and lazy repeats', query: { ...base, patterns: ['a{2}', 'a{3,}', 'a{2,3}?', 'fo+?', 'ba?r', 'a*b'] } },
  {
    name: 'escaped punctuation',
    query: {
      ...base,
      patterns: ['a\\.b\\(c\\)', '\\[x\\] \\{y\\}', 'a\\+b a\\*b a\\?b a\\|b a\\^b', 'back\\\\slash', '\\/slash', '\\-dash'],
    },
  },
  { name: 'tab escape', query: { ...base, patterns: ['tab\\there', '\\t'] } },
  { name: 'unicode literals', query: { ...base, patterns: ['café', '日本', '🙂.', 'ÉCOLE'] } },
  {
    name: 'ignore case, with Unicode simple folding',
    query: { ...base, ignoreCase: true, patterns: ['NEEDLE', 'école', 's', 'k', 'STRASSE'] },
  },
  { name: 'literal mode', query: { ...base, literal: true, patterns: ['a.b(c)', 'a+b', '$dollar', 'back\\slash'] } },
  { name: 'context lines', query: { ...base, context: 2, patterns: ['needle'], include: ['context.ts', 'crlf.txt'] } },
  { name: 'limits per pattern', query: { ...base, maxResults: 3, patterns: ['needle', 'alpha'] } },
];
