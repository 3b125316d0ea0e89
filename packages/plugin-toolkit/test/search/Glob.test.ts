import { describe, expect, it } from 'vitest';
import { compileGlob, isIgnoredBy, parseGitignore } from '@cortex-os/plugin-toolkit';

describe('compileGlob', () => {
  it('matches names at any depth without a slash, and anchors with one', () => {
    const name = compileGlob('*.ts');
    expect([name.matches('a.ts', false), name.matches('src/a.ts', false), name.matches('a.tsx', false)]).toEqual([true, true, false]);
    const anchored = compileGlob('src/*.ts');
    expect([anchored.matches('src/a.ts', false), anchored.matches('x/src/a.ts', false), anchored.matches('src/d/a.ts', false)]).toEqual([
      true,
      false,
      false,
    ]);
    expect(compileGlob('/a.ts').matches('sub/a.ts', false)).toBe(false);
  });

  it('reads **, classes, braces, escapes and folder-only globs', () => {
    expect(compileGlob('**/test/**').matches('a/b/test/c/d.ts', false)).toBe(true);
    expect(compileGlob('a/**/b').matches('a/b', false)).toBe(true);
    expect(compileGlob('[!a]?.{ts,js}').matches('bx.js', false)).toBe(true);
    expect(compileGlob('\\*.ts').matches('*.ts', false)).toBe(true);
    expect(compileGlob('build/').matches('build', false)).toBe(false);
    expect(compileGlob('build/').matches('build', true)).toBe(true);
  });

  it('refuses unclosed classes and braces', () => {
    for (const glob of ['[ab', '{a,b', '', 'a\\'])
      expect(() => compileGlob(glob)).toThrow(expect.objectContaining({ code: 'TOOLKIT_GLOB_INVALID' }));
  });
});

describe('gitignore rules', () => {
  it('let the deepest file and the last rule decide, and `!` re-include', () => {
    const root = parseGitignore('', '*.log\n!keep.log\n# comment\n\nbuild/\n');
    const sub = parseGitignore('sub', 'keep.log\n');
    const stack = { '.rgignore': [], '.ignore': [], '.gitignore': [root, sub] };
    expect(isIgnoredBy(stack, 'a.log', false)).toBe(true);
    expect(isIgnoredBy(stack, 'keep.log', false)).toBe(false);
    expect(isIgnoredBy(stack, 'sub/keep.log', false)).toBe(true);
    expect(isIgnoredBy(stack, 'build', true)).toBe(true);
    expect(isIgnoredBy(stack, 'src/a.ts', false)).toBe(false);
    const strong = { ...stack, '.rgignore': [parseGitignore('', '!a.log\n')] };
    expect(isIgnoredBy(strong, 'a.log', false)).toBe(false);
  });
});
