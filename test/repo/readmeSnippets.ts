import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/builtFile.js';

/** One ```ts block of a package README, with where it is and how the README marks it. */
export interface ReadmeSnippet {
  /** The package folder under `packages/`. */
  readonly pkg: string;
  /** `packages/<pkg>/README.md:<line>` of the opening fence, for messages. */
  readonly where: string;
  /** The code, with the indentation of a fence inside a list item removed. */
  readonly code: string;
  /**
   * True for a block marked ```` ```ts compile-only ````: it needs something beyond loopback and
   * the embedded defaults (a model server, a database, a value from the surrounding text), so it
   * is type-checked but not run. Renderers ignore the word after the language.
   */
  readonly compileOnly: boolean;
}

// A fence may be indented (inside a list item); its closing fence has the same indentation.
const FENCE = /^( *)```ts([^\n]*)\n([\s\S]*?)^\1```/gm;

/** The published packages' folders (every folder under packages/ with a README). */
export function packagesWithReadmes(): readonly string[] {
  return readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && readdirSync(join(repoRoot, 'packages', entry.name)).includes('README.md'))
    .map((entry) => entry.name)
    .sort();
}

/** Every ```ts block of one package's README, in order. */
export function readmeSnippets(pkg: string): readonly ReadmeSnippet[] {
  const text = readFileSync(join(repoRoot, 'packages', pkg, 'README.md'), 'utf8');
  return [...text.matchAll(FENCE)].map((match) => {
    const indent = match[1]?.length ?? 0;
    const line = text.slice(0, match.index).split('\n').length;
    const info = (match[2] ?? '').trim().split(/\s+/);
    return {
      pkg,
      where: `packages/${pkg}/README.md:${line}`,
      code: (match[3] ?? '')
        .split('\n')
        .map((codeLine) => codeLine.slice(Math.min(indent, codeLine.length - codeLine.trimStart().length)))
        .join('\n'),
      compileOnly: info.includes('compile-only'),
    };
  });
}

/**
 * The links of a README that point into the repository (relative paths): on the registry's page
 * they lead nowhere, so the READMEs name such files in words instead (issue 15 §3).
 */
export function relativeLinks(pkg: string): readonly string[] {
  const text = readFileSync(join(repoRoot, 'packages', pkg, 'README.md'), 'utf8');
  const withoutCode = text.replace(/^( *)```[\s\S]*?^\1```/gm, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)[^)]*\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^(https?:|mailto:|#)/.test(target));
}
