import { compileGlob, type Glob } from './Glob.js';

/**
 * The rules of one `.gitignore` file, for paths relative to the folder that holds it.
 * @public
 */
export interface GitignoreRules {
  /** The folder holding the file, relative to the workspace root (`''` for the root). */
  readonly base: string;
  /** `ignore` or `include` (a `!` rule) from the last rule that matches, or undefined when none does. */
  decide(path: string, isDirectory: boolean): 'ignore' | 'include' | undefined;
}

interface Rule {
  readonly glob: Glob;
  readonly negated: boolean;
}

/** One line as a rule, or undefined for a blank line, a comment, or a line `.gitignore` cannot mean. */
function parseLine(raw: string): Rule | undefined {
  // Trailing spaces are dropped unless escaped with a backslash.
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  line = line.replace(/(?<!\\) +$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  const negated = line.startsWith('!');
  if (negated) line = line.slice(1);
  if (line.startsWith('\\#') || line.startsWith('\\!')) line = line.slice(1);
  if (line === '' || line === '/') return undefined;
  try {
    return { glob: compileGlob(line, { braces: false }), negated };
  } catch {
    // Git skips a pattern it cannot read; so do we.
    return undefined;
  }
}

/**
 * Reads a `.gitignore` file's text: blank lines and `#` comments skipped, `!` re-includes,
 * a trailing `/` matches folders only, a `/` elsewhere anchors the rule to the file's folder.
 * @public
 */
export function parseGitignore(base: string, text: string): GitignoreRules {
  const rules = text.split('\n').flatMap((line) => parseLine(line) ?? []);
  const prefix = base === '' ? '' : `${base}/`;
  return {
    base,
    decide(path, isDirectory) {
      if (prefix !== '' && !path.startsWith(prefix)) return undefined;
      const own = path.slice(prefix.length);
      for (let index = rules.length - 1; index >= 0; index -= 1) {
        const rule = rules[index] as Rule;
        if (rule.glob.matches(own, isDirectory)) return rule.negated ? 'include' : 'ignore';
      }
      return undefined;
    },
  };
}

/**
 * The ignore files both engines read in every folder, strongest first: a rule in any `.rgignore`
 * outranks every `.ignore` rule, which outranks every `.gitignore` rule (ripgrep's order).
 * @public
 */
export const IGNORE_FILES: readonly ['.rgignore', '.ignore', '.gitignore'] = ['.rgignore', '.ignore', '.gitignore'];

/**
 * The rules in force in a folder, per ignore file name, outermost folder first.
 * @public
 */
export type IgnoreRuleStack = Readonly<Record<(typeof IGNORE_FILES)[number], readonly GitignoreRules[]>>;

/**
 * True when the rules in force ignore the path: the strongest kind of ignore file with a matching
 * rule decides; within a kind, the deepest file; within a file, the last matching rule.
 * @public
 */
export function isIgnoredBy(stack: IgnoreRuleStack, path: string, isDirectory: boolean): boolean {
  for (const name of IGNORE_FILES) {
    const rules = stack[name];
    for (let index = rules.length - 1; index >= 0; index -= 1) {
      const decision = (rules[index] as GitignoreRules).decide(path, isDirectory);
      if (decision !== undefined) return decision === 'ignore';
    }
  }
  return false;
}
