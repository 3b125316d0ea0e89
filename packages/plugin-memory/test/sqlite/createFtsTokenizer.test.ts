import { afterAll, describe, expect, it } from 'vitest';
import { createFtsTokenizer } from '../../src/sqlite/createFtsTokenizer.js';

const tokenizer = createFtsTokenizer();
afterAll(() => tokenizer.close());

describe('createFtsTokenizer', () => {
  it('splits plain ASCII words on spaces, repeats kept', () => {
    expect(tokenizer.tokens('deploy key deploy 90')).toEqual(['deploy', 'key', 'deploy', '90']);
    expect(tokenizer.tokens('')).toEqual([]);
  });

  it('asks FTS5 for other text, so its Unicode folding wins over JavaScript’s', () => {
    // FTS5's unicode61 folds final sigma to sigma; JavaScript's toLowerCase keeps it.
    expect(tokenizer.tokens('σοφος cafe')).toEqual(['σοφοσ', 'cafe']);
    expect(tokenizer.tokens('straße straße')).toEqual(['straße', 'straße']);
  });
});
