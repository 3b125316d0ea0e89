const combiningMarks = /\p{M}+/gu;

/** Lower-cased, diacritics removed (`café` → `cafe`), so documents and queries fold alike. */
function foldTerm(term: string): string {
  // Only runs that decompose carry marks; the fast path skips the two normalisations.
  if (/^[a-z0-9]*$/.test(term)) return term;
  return term.normalize('NFD').replace(combiningMarks, '').normalize('NFC');
}

function* tokens(input: string): Generator<string> {
  for (const match of input
    .normalize('NFKC')
    .toLowerCase()
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    const term = foldTerm(match[0]);
    if (term.length > 0 && term.length <= 200) yield term;
  }
}

/**
 * Splits user input into distinct search terms: runs of letters and digits, lower-cased,
 * diacritics removed (as the FTS5 `unicode61` tokenizer folds them), stop words dropped, at most 64.
 * @public
 */
export function toFtsTerms(input: string, stopWords: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set<string>();
  for (const term of tokens(input)) {
    if (stopWords.has(term)) continue;
    seen.add(term);
    if (seen.size >= 64) break;
  }
  return [...seen];
}

/**
 * The words of a document as the keyword index holds them: every letter and digit run,
 * lower-cased, diacritics removed, stop words dropped, in order, repeats kept. The store indexes
 * these (joined by spaces) instead of the raw text, so stop words weigh nothing in BM25 and
 * document lengths count content words only, as the reference BM25 does.
 * @public
 */
export function toIndexTokens(text: string, stopWords: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const term of tokens(text)) if (!stopWords.has(term)) out.push(term);
  return out;
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
 * dropped from keyword queries and from the indexed words of documents (the text itself is kept).
 * @public
 */
export const englishStopWords: ReadonlySet<string> = new Set(
  'a an the of and or in on for to is are was were be been by with as at from that this which what how can do does it its into than then there these those such not no'.split(
    ' ',
  ),
);
