/**
 * Splits user input into search terms the way the FTS5 `unicode61` tokenizer does (runs of
 * letters and digits, lower-cased, diacritics kept), dropping stop words.
 * @public
 */
export function toFtsTerms(input: string, stopWords: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set<string>();
  for (const match of input.normalize('NFKC').toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const term = match[0];
    if (term.length > 200 || stopWords.has(term)) continue;
    seen.add(term);
    if (seen.size >= 64) break;
  }
  return [...seen];
}

/**
 * Builds an FTS5 MATCH expression from user input in which every term is a quoted string
 * joined by OR, so that FTS5 syntax in the input (quotes, `NEAR`, `*`, `^`, `AND`, column
 * filters, parentheses) is plain data and can never change or break the query.
 *
 * @remarks
 * Only letter and digit runs survive {@link toFtsTerms}, and each is wrapped in double
 * quotes; a double quote can therefore never reach FTS5 unescaped. Returns `undefined` when
 * no term remains (the keyword side then matches nothing).
 * @public
 */
export function toFtsQuery(input: string, stopWords?: ReadonlySet<string>): string | undefined {
  const terms = toFtsTerms(input, stopWords);
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
}

/**
 * A short English stop list (the one the Cranfield reference BM25 uses). Stop words are
 * dropped from keyword queries, where they only add noise to BM25; documents keep them.
 * @public
 */
export const englishStopWords: ReadonlySet<string> = new Set(
  'a an the of and or in on for to is are was were be been by with as at from that this which what how can do does it its into than then there these those such not no'.split(' '),
);
