import { Lang, parse, type SgNode } from '@ast-grep/napi';
import { ToolkitError } from '../errors/ToolkitError.js';

/**
 * The languages codemod reads, by file extension.
 * @public
 */
export type CodemodLanguage = 'typescript' | 'tsx' | 'javascript';

/**
 * One replacement in a file: UTF-16 offsets into the original text.
 * @public
 */
export interface CodemodEdit {
  /** Offset of the first character replaced. */
  readonly start: number;
  /** Offset after the last character replaced. */
  readonly end: number;
  /** The text put in its place. */
  readonly text: string;
}

const langs: Readonly<Record<CodemodLanguage, Lang>> = { typescript: Lang.TypeScript, tsx: Lang.Tsx, javascript: Lang.JavaScript };
const byExtension: Readonly<Record<string, CodemodLanguage>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
};

/**
 * The language of a file by its extension, or undefined for other files.
 * @public
 */
export function codemodLanguageOf(path: string): CodemodLanguage | undefined {
  return byExtension[path.slice(path.lastIndexOf('.') + 1)];
}

const METAVARIABLE = /\$\$\$([A-Z_][A-Z0-9_]*)|\$([A-Z_][A-Z0-9_]*)/g;

/** The rewrite template with each `$NAME` and `$$$NAME` replaced by the text it matched. */
function fillTemplate(source: string, match: SgNode, rewrite: string): string {
  return rewrite.replace(METAVARIABLE, (whole, multiple: string | undefined, single: string | undefined) => {
    if (single !== undefined) return match.getMatch(single)?.text() ?? whole;
    const nodes = match.getMultipleMatches(multiple as string);
    const first = nodes[0];
    const last = nodes.at(-1);
    // The source between the first and the last node keeps the separators and spacing as written.
    return first === undefined || last === undefined ? '' : source.slice(first.range().start.index, last.range().end.index);
  });
}

/**
 * The edits that replace every match of `pattern` (ast-grep pattern syntax: code with `$NAME`
 * and `$$$NAME` metavariables) in `source` by `rewrite` with the metavariables filled in.
 * @throws {@link ToolkitError} `TOOLKIT_CODEMOD_PATTERN_INVALID` when ast-grep cannot read the pattern.
 * @public
 */
export function rewriteSource(source: string, language: CodemodLanguage, pattern: string, rewrite: string): CodemodEdit[] {
  let matches: SgNode[];
  try {
    matches = parse(langs[language], source).root().findAll(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw ToolkitError.create('TOOLKIT_CODEMOD_PATTERN_INVALID', { pattern, reason }, { details: { pattern }, cause: error });
  }
  const edits = matches.map((match) => ({
    start: match.range().start.index,
    end: match.range().end.index,
    text: fillTemplate(source, match, rewrite),
  }));
  // ast-grep reports outer matches before inner ones; an inner match inside a rewritten outer one is dropped.
  const kept: CodemodEdit[] = [];
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    const previous = kept.at(-1);
    if (previous === undefined || edit.start >= previous.end) kept.push(edit);
  }
  return kept;
}

/**
 * `source` with the (sorted, non-overlapping) edits applied.
 * @public
 */
export function applyEdits(source: string, edits: readonly CodemodEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}
