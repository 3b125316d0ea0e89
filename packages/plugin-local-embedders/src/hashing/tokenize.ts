/**
 * Word tokens: runs of letters, digits and combining marks, or a single symbol
 * (emoji, currency, maths). Punctuation and whitespace separate tokens and are dropped.
 */
const TOKEN_PATTERN = /[\p{L}\p{N}\p{M}]+|\p{S}/gu;

/**
 * Splits text into lower-cased, NFKC-normalised tokens.
 * NFKC folds compatibility forms (full-width letters, ligatures) so they hash like their plain forms.
 */
export function tokenize(text: string, lowercase = true): string[] {
  const normalised = text.normalize('NFKC');
  const folded = lowercase ? normalised.toLowerCase() : normalised;
  return folded.match(TOKEN_PATTERN) ?? [];
}
