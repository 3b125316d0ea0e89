// One check over every error catalogue in the tree, instead of a copy per package: prefixes and
// areas are unique, each package README lists its codes row for row, and every code is thrown
// somewhere in `packages/*/src` while no unknown code is.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isErrorKind, type ErrorCatalogueEntry } from '@cortex-os/kernel';
import { repoRoot } from '../support/builtFile.js';
import { distinctCatalogues, exportedCatalogues, packagesWithEntries } from '../support/errorCatalogues.js';

const root = repoRoot;
const packages = packagesWithEntries;
const README_HEADER = '| Code | Kind | Description | How to solve |';

const all = await exportedCatalogues();
const catalogues = distinctCatalogues(all);
const codes = new Set(catalogues.flatMap((found) => Object.keys(found.catalogue)));

function sourceFiles(): { file: string; text: string }[] {
  return packages.flatMap((pkg) => {
    const dir = join(root, 'packages', pkg, 'src');
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ file: relative(root, join(dir, file)), text: readFileSync(join(dir, file), 'utf8') }));
  });
}
const sources = sourceFiles();
const DEFINITION = /^export const \w+ = defineErrorCatalogue\(/m;
const throwingSources = sources.filter((source) => !DEFINITION.test(source.text));

/** Rows of every `| Code | Kind | Description | How to solve |` table in a README. */
function documentedRows(readme: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of readme.split('\n')) {
    if (line === README_HEADER) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !line.startsWith('| ---')) rows.push(line.slice(2, -2).split(' | '));
  }
  return rows;
}

describe('error catalogues', () => {
  it('are all found, each defined once in a package', () => {
    expect(catalogues.map((found) => found.info.prefix).sort()).toEqual(
      [
        'A2A',
        'AGENT',
        'CEREBRUM',
        'CLI',
        'EDGE',
        'EVENTS',
        'EVENTLOG',
        'GATES',
        'HTTP',
        'KERNEL',
        'LOCAL_EMBEDDERS',
        'MCP',
        'MEMORY',
        'MLX',
        'OLLAMA',
        'OPENAI',
        'RUNTIME',
        'SLO',
        'TASK',
        'TOOLKIT',
      ].sort(),
    );
    const definitions = sources.filter((source) => DEFINITION.test(source.text));
    expect(definitions.map((source) => source.file.replace(/^packages\/([^/]+)\/.*$/, '$1')).sort()).toEqual(
      [
        'cli',
        'events-redis',
        'plugin-events',
        'http-api',
        'kernel',
        'plugin-a2a',
        'plugin-agents',
        'plugin-cerebrum',
        'plugin-gates',
        'plugin-http',
        'plugin-local-embedders',
        'plugin-mcp',
        'plugin-memory',
        'plugin-mlx',
        'plugin-slo',
        'plugin-ollama',
        'plugin-tasks',
        'plugin-toolkit',
        'provider-kit',
        'runtime',
      ].sort(),
    );
  });

  it('each have an exported error class that names the catalogue, so its errors carry their kind', () => {
    expect(catalogues.filter((found) => found.errorClass === undefined).map((found) => found.info.prefix)).toEqual([]);
  });

  it('have unique prefixes and areas, so no two catalogues can hold the same code', () => {
    const areas = catalogues.flatMap((found) => found.info.areas);
    expect(areas.length).toBe(new Set(areas).size);
    const all = catalogues.flatMap((found) => Object.keys(found.catalogue));
    expect(all.length).toBe(codes.size);
  });

  it('give every code a kind, a message template, a description and a solution', () => {
    for (const { catalogue } of catalogues) {
      for (const [code, entry] of Object.entries(catalogue)) {
        expect(isErrorKind(entry.kind), code).toBe(true);
        expect(entry.message.length, code).toBeGreaterThan(5);
        expect(entry.description.length, code).toBeGreaterThan(10);
        expect(entry.solution.length, code).toBeGreaterThan(10);
      }
    }
  });

  it.each(packages)(
    '%s: the README error table lists its catalogue row for row, and every row is in step (code, kind, description, solution)',
    (pkg) => {
      const readme = readFileSync(join(root, 'packages', pkg, 'README.md'), 'utf8');
      const row = (code: string, entry: ErrorCatalogueEntry): string[] => [
        `\`${code}\``,
        `\`${entry.kind}\``,
        entry.description,
        entry.solution,
      ];
      const own = all
        .filter((found) => found.pkg === pkg)
        .flatMap(({ catalogue }) => Object.entries(catalogue).map(([code, entry]) => row(code, entry)));
      const documented = documentedRows(readme);
      // Its own codes all, in catalogue order; a package may also list codes it raises from another (plugin-openai: provider-kit's).
      expect(documented.slice(0, own.length)).toEqual(own);
      const entries = new Map(catalogues.flatMap(({ catalogue }) => Object.entries(catalogue)));
      for (const documentedRow of documented) {
        const code = documentedRow[0]?.replaceAll('`', '') ?? '';
        const entry = entries.get(code);
        expect(entry, `${pkg} README documents unknown code ${code}`).toBeDefined();
        expect(documentedRow).toEqual(row(code, entry as ErrorCatalogueEntry));
      }
    },
  );

  it('have every code thrown in packages/*/src, by `new`, `create`, a factory call or a problem record', () => {
    // One pass over the sources, collecting every code named where it is thrown (a call's first
    // argument, or a problem record's `code`), instead of two regular expressions per code per file.
    const thrownCodes = new Set<string>();
    const naming = /\w+(?:\.create)?\(\s*'([A-Z][A-Z0-9_]*)'|\bcode: '([A-Z][A-Z0-9_]*)'/g;
    for (const source of throwingSources) {
      for (const match of source.text.matchAll(naming)) thrownCodes.add((match[1] ?? match[2]) as string);
    }
    expect([...codes].filter((code) => !thrownCodes.has(code))).toEqual([]);
  });

  it('are the only codes thrown or matched in packages/*/src', () => {
    const literal = /(?:new \w*Error\(\s*|\w*Error\.create\(\s*|CortexError\.(?:is|find)\([^,()]+,\s*)'([A-Z][A-Z0-9_]*)'/g;
    const unknown = sources.flatMap((source) =>
      [...source.text.matchAll(literal)].filter((m) => !codes.has(m[1] as string)).map((m) => `${source.file}: ${m[1]}`),
    );
    expect(unknown).toEqual([]);
  });

  it('leave no bare TypeError or RangeError in public code', () => {
    const bare = sources.flatMap((source) =>
      [...source.text.matchAll(/new (TypeError|RangeError)\(/g)].map((m) => `${source.file}: ${m[1]}`),
    );
    expect(bare).toEqual([]);
  });
});
