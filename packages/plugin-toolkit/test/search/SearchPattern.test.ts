import { describe, expect, it } from 'vitest';
import { compileSearchPattern } from '@cortex-os/plugin-toolkit';

const refusal = (source: string, options = {}) => {
  try {
    compileSearchPattern(source, options);
  } catch (error) {
    return (error as Error & { code: string }).code === 'TOOLKIT_PATTERN_UNSUPPORTED'
      ? (error as Error).message
      : `other: ${String(error)}`;
  }
  return 'accepted';
};

describe('compileSearchPattern', () => {
  it('writes one pattern for both engines, with ASCII shorthands and boundaries', () => {
    const pattern = compileSearchPattern('\\bfoo\\d+\\.(?:a|b)*?[\\w-]$');
    expect(pattern.regExp.source).toBe('\\bfoo[0-9]+\\.(?:a|b)*?[0-9A-Za-z_\\-]$');
    expect(pattern.rust).toBe('(?-u:\\b)foo[0-9]+\\.(?:a|b)*?[0-9A-Za-z_\\-]$');
    expect(pattern.regExp.flags).toBe('gu');
    expect(compileSearchPattern('x', { ignoreCase: true })).toMatchObject({ rust: '(?i)x', ignoreCase: true });
    expect(compileSearchPattern('a.b', { literal: true })).toMatchObject({ rust: 'a\\.b', literal: true });
    expect(compileSearchPattern('[&~]').rust).toBe('[\\&\\~]');
  });

  it.each([
    [
      '(?=x)',
      'pattern "(?=x)" is outside the search dialect at character 1: lookaround and named groups ("(?="): ripgrep\'s engine and JavaScript differ there',
    ],
    [
      '(?i)x',
      'pattern "(?i)x" is outside the search dialect at character 1: inline flags ("(?i"): ripgrep\'s engine and JavaScript differ there',
    ],
    ['(a)\\1', 'pattern "(a)\\1" is outside the search dialect at character 4: backreferences: ripgrep has none'],
    [
      '\\p{L}',
      'pattern "\\p{L}" is outside the search dialect at character 1: Unicode property classes (\\p, \\P): the engines disagree on them',
    ],
    [
      'a{',
      'pattern "a{" is outside the search dialect at character 2: a literal "{" must be escaped as "\\{"; a repeat is {n}, {n,} or {n,m}',
    ],
    ['a}', 'pattern "a}" is outside the search dialect at character 2: a literal "}" must be escaped as "\\}"'],
    ['*a', 'pattern "*a" is outside the search dialect at character 1: "*" has nothing to repeat'],
    ['a**', 'pattern "a**" is outside the search dialect at character 3: a repeat of a repeat (possessive or doubled)'],
    ['^*', 'pattern "^*" is outside the search dialect at character 2: a repeat after an anchor or a word boundary'],
    [
      '[a[b]',
      'pattern "[a[b]" is outside the search dialect at character 3: a literal "[" inside a class must be escaped (Rust reads "[" there as a nested class)',
    ],
    ['[a&&b]', 'pattern "[a&&b]" is outside the search dialect at character 3: "&&" inside a class (a set operation in Rust)'],
    ['[z-a]', 'pattern "[z-a]" is outside the search dialect at character 2: the range "z-a" runs backwards'],
    ['[]', 'pattern "[]" is outside the search dialect at character 1: an empty class "[]"'],
    ['[\\D]', 'pattern "[\\D]" is outside the search dialect at character 2: "\\D" inside a class: use a negated class instead'],
    ['(a', 'pattern "(a" is outside the search dialect at character 1: an unclosed "("'],
    ['a)', 'pattern "a)" is outside the search dialect at character 2: an unmatched ")"'],
    ['a{5,2}', 'pattern "a{5,2}" is outside the search dialect at character 2: a repeat needs 0 <= n <= m <= 1000'],
    ['\\n', 'pattern "\\n" is outside the search dialect at character 1: line breaks: the search is line by line'],
    ['a\\', 'pattern "a\\" is outside the search dialect at character 2: a trailing "\\"'],
    ['', 'pattern "" is outside the search dialect at character 1: an empty pattern matches every line'],
  ])('refuses %s, saying where and why', (source, message) => {
    expect(refusal(source)).toBe(message);
  });

  it('refuses a line break even in literal mode', () => {
    expect(refusal('a\nb', { literal: true })).toMatch(/line breaks/);
  });
});
