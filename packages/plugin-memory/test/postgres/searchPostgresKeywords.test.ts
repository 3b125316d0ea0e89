import { describe, expect, it } from 'vitest';
import { shiftPlaceholders } from '../../src/postgres/searchPostgresKeywords.js';

describe('shiftPlaceholders', () => {
  it('renumbers every placeholder, including multi-digit ones', () => {
    expect(shiftPlaceholders('a = $1 AND b = ANY($2::text[]) AND c > $10', 3)).toBe('a = $4 AND b = ANY($5::text[]) AND c > $13');
  });
});
