/**
 * A keyword index laid out flat, as it is saved: the terms in order, each with its postings, and
 * the documents sorted by row, each with its length and the ids (positions in `terms`) of the
 * terms it holds. Numbers are unsigned 32-bit, so the whole body is a few typed arrays that load
 * without parsing.
 */
export interface KeywordIndexContents {
  /** Every term with at least one posting; a term's id is its position here. */
  readonly terms: readonly string[];
  /** Per term: the bound on its term frequencies (see `PostingList.maxTf`). */
  readonly maxTf: Uint32Array;
  /** Per term: the bound on its documents' lengths (see `PostingList.minLength`). */
  readonly minLength: Uint32Array;
  /** Per term, and one more: where its postings start in `postings`, counted in postings. */
  readonly postingOffsets: Uint32Array;
  /** `[row, tf, document length]` per posting, term after term, each term's in row order. */
  readonly postings: Uint32Array;
  /** The documents' rows, strictly increasing. */
  readonly rows: Uint32Array;
  /** Per document: its length in tokens. */
  readonly lengths: Uint32Array;
  /** Per document, and one more: where its term ids start in `termIds`. */
  readonly termOffsets: Uint32Array;
  /** The ids of each document's terms, document after document. */
  readonly termIds: Uint32Array;
  /** Tokens over all documents. */
  readonly totalTokens: number;
}

/** The largest row, term frequency or length a saved index can hold. */
export const maxSavedNumber = 0xffff_ffff;

/**
 * What is inconsistent in `contents` (offsets that do not add up, a term id out of range, rows out
 * of order), or `undefined`. Checksums catch damage to the file; this catches a file that is
 * intact but not a keyword index, before any of it is used.
 */
export function findKeywordContentsProblem(contents: KeywordIndexContents): string | undefined {
  const { terms, maxTf, minLength, postingOffsets, postings, rows, lengths, termOffsets, termIds } = contents;
  const termCount = terms.length;
  const postingCount = postings.length / 3;
  if (maxTf.length !== termCount || minLength.length !== termCount || postingOffsets.length !== termCount + 1)
    return 'term tables of different lengths';
  if (!Number.isInteger(postingCount) || postingOffsets[termCount] !== postingCount || postingOffsets[0] !== 0)
    return 'posting offsets do not add up';
  for (let t = 0; t < termCount; t++)
    if ((postingOffsets[t] as number) >= (postingOffsets[t + 1] as number)) return 'a term without postings';
  if (lengths.length !== rows.length || termOffsets.length !== rows.length + 1) return 'document tables of different lengths';
  if (termOffsets[0] !== 0 || termOffsets[rows.length] !== termIds.length || termIds.length !== postingCount)
    return 'document term offsets do not add up';
  for (let d = 1; d < rows.length; d++) if ((rows[d] as number) <= (rows[d - 1] as number)) return 'documents out of row order';
  for (let d = 0; d < rows.length; d++)
    if ((termOffsets[d] as number) > (termOffsets[d + 1] as number)) return 'document term offsets decrease';
  // Indexed loops: an iterator over millions of ids costs several times more.
  for (let i = 0; i < termIds.length; i++) if ((termIds[i] as number) >= termCount) return 'a term id out of range';
  return undefined;
}
