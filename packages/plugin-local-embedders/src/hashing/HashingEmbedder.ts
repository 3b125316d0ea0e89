import { LocalEmbeddersError } from '../errors/LocalEmbeddersError.js';
import { fmix32, fnv1a, fnv1aStep } from './fnv1a.js';
import { tokenize } from './tokenize.js';

/**
 * Relative weights of the three feature groups of the hashing embedder.
 * @public
 */
export interface HashingEmbedderWeights {
  /** Whole words. Default 1. */
  readonly words?: number;
  /** Pairs of neighbouring words (keeps a little word order). Default 0.5. */
  readonly wordBigrams?: number;
  /** Character n-grams of each word (robust to inflection and typos). Default 0.75. */
  readonly charNgrams?: number;
}

/**
 * Options of {@link createHashingEmbedder}.
 * @public
 */
export interface CreateHashingEmbedderOptions {
  /** Vector size, 8 to 65536. Default 384. */
  readonly dimensions?: number;
  /** Smallest and largest character n-gram, 1 ≤ min ≤ max ≤ 8. Default `{ min: 3, max: 5 }`. */
  readonly charNgrams?: { readonly min: number; readonly max: number };
  /** Feature group weights; a weight of 0 turns the group off. */
  readonly weights?: HashingEmbedderWeights;
  /** Fold case before hashing. Default true. */
  readonly lowercase?: boolean;
}

/**
 * A fast, deterministic, lexical text embedder that needs no model file.
 * @public
 */
export interface HashingEmbedder {
  /** Model id; equal ids mean vectors can be compared (e.g. `cortex-hashing-v1-384`). */
  readonly model: string;
  /** Length of every vector. */
  readonly dimensions: number;
  /** Embeds one text into an L2-normalised vector (all zeros when the text has no word or symbol). */
  embed(text: string): Float32Array;
}

const DEFAULTS = {
  dimensions: 384,
  charMin: 3,
  charMax: 5,
  words: 1,
  wordBigrams: 0.5,
  charNgrams: 0.75,
  lowercase: true,
} as const;

// Distinct seeds keep the feature groups apart: the word "the" and the trigram "the" hash differently.
const SEED_WORD = fnv1a('w\u0000');
const SEED_BIGRAM = fnv1a('b\u0000');
const SEED_CHAR = fnv1a('c\u0000');
const WORD_BOUNDARY_START = 0x3c; // "<"
const WORD_BOUNDARY_END = 0x3e; // ">"
const BIGRAM_SEPARATOR = 0x20;

/**
 * Creates the hashing embedder: word, word-bigram and character n-gram features hashed
 * (FNV-1a, MurmurHash3 finaliser) into a fixed number of signed buckets, weighted by
 * sublinear term frequency (1 + ln tf), each group L2-normalised and weighted, and the
 * sum L2-normalised.
 *
 * @remarks
 * The model id encodes every option that changes vectors: the defaults give
 * `cortex-hashing-v1-<dimensions>`, other settings add a short fingerprint, so
 * vectors from different settings are never mixed by the router.
 * @throws {@link LocalEmbeddersError} `LOCAL_EMBEDDERS_OPTIONS_INVALID` for out-of-range options.
 * @example
 * ```ts
 * const embedder = createHashingEmbedder();
 * const vector = embedder.embed('The cat sat on the mat'); // Float32Array(384), unit length
 * ```
 * @public
 */
export function createHashingEmbedder(options: CreateHashingEmbedderOptions = {}): HashingEmbedder {
  const dimensions = options.dimensions ?? DEFAULTS.dimensions;
  const charMin = options.charNgrams?.min ?? DEFAULTS.charMin;
  const charMax = options.charNgrams?.max ?? DEFAULTS.charMax;
  const wWords = options.weights?.words ?? DEFAULTS.words;
  const wBigrams = options.weights?.wordBigrams ?? DEFAULTS.wordBigrams;
  const wChars = options.weights?.charNgrams ?? DEFAULTS.charNgrams;
  const lowercase = options.lowercase ?? DEFAULTS.lowercase;
  validate(dimensions, charMin, charMax, { words: wWords, wordBigrams: wBigrams, charNgrams: wChars });

  const settings = [charMin, charMax, wWords, wBigrams, wChars, lowercase];
  const defaults = [DEFAULTS.charMin, DEFAULTS.charMax, DEFAULTS.words, DEFAULTS.wordBigrams, DEFAULTS.charNgrams, DEFAULTS.lowercase];
  const isDefault = settings.every((value, i) => value === defaults[i]);
  const model = `cortex-hashing-v1-${dimensions}${isDefault ? '' : `-${fnv1a(JSON.stringify(settings)).toString(16).padStart(8, '0')}`}`;

  // Scratch buffers reused across calls (embed is synchronous, so never shared by two calls at once):
  // no Map and no per-call vectors besides the result keeps the garbage collector out of the hot path.
  const scratch: Scratch = {
    features: new Uint32Array(256),
    length: 0,
    group: new Float64Array(dimensions),
    touched: new Uint32Array(dimensions),
    marked: new Uint8Array(dimensions),
  };

  function embed(text: string): Float32Array {
    const tokens = tokenize(text, lowercase);
    const result = new Float32Array(dimensions);
    if (tokens.length === 0) return result;
    if (wWords > 0) {
      scratch.length = 0;
      for (const token of tokens) push(scratch, fnv1a(token, SEED_WORD));
      addGroup(result, scratch, wWords, dimensions);
    }
    if (wBigrams > 0 && tokens.length > 1) {
      scratch.length = 0;
      for (let i = 1; i < tokens.length; i += 1) {
        push(scratch, fnv1a(tokens[i] as string, fnv1aStep(fnv1a(tokens[i - 1] as string, SEED_BIGRAM), BIGRAM_SEPARATOR)));
      }
      addGroup(result, scratch, wBigrams, dimensions);
    }
    if (wChars > 0) {
      scratch.length = 0;
      for (const token of tokens) pushCharNgrams(scratch, token, charMin, charMax);
      addGroup(result, scratch, wChars, dimensions);
    }
    normalise(result);
    return result;
  }

  return Object.freeze({ model, dimensions, embed });
}

function validate(dimensions: number, charMin: number, charMax: number, weights: Required<HashingEmbedderWeights>): void {
  const problems: string[] = [];
  if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 65_536)
    problems.push(`dimensions must be an integer from 8 to 65536 (got ${dimensions})`);
  if (!Number.isInteger(charMin) || !Number.isInteger(charMax) || charMin < 1 || charMax > 8 || charMin > charMax) {
    problems.push(`charNgrams must be integers with 1 ≤ min ≤ max ≤ 8 (got min ${charMin}, max ${charMax})`);
  }
  for (const [name, weight] of Object.entries(weights)) {
    if (!Number.isFinite(weight) || weight < 0) problems.push(`weights.${name} must be a finite number ≥ 0 (got ${weight})`);
  }
  if (weights.words === 0 && weights.wordBigrams === 0 && weights.charNgrams === 0) problems.push('at least one weight must be above 0');
  if (problems.length > 0) {
    throw new LocalEmbeddersError('LOCAL_EMBEDDERS_OPTIONS_INVALID', `Invalid hashing embedder options: ${problems.join('; ')}.`, {
      details: { problems },
    });
  }
}

interface Scratch {
  features: Uint32Array;
  length: number;
  readonly group: Float64Array;
  readonly touched: Uint32Array;
  readonly marked: Uint8Array;
}

function push(scratch: Scratch, hash: number): void {
  if (scratch.length === scratch.features.length) {
    const grown = new Uint32Array(scratch.features.length * 2);
    grown.set(scratch.features);
    scratch.features = grown;
  }
  scratch.features[scratch.length] = hash;
  scratch.length += 1;
}

/** Pushes the character n-grams of `<token>` without allocating substrings (checked on a hot path). */
function pushCharNgrams(scratch: Scratch, token: string, min: number, max: number): void {
  const length = token.length + 2;
  const codeAt = (i: number): number => (i === 0 ? WORD_BOUNDARY_START : i === length - 1 ? WORD_BOUNDARY_END : token.charCodeAt(i - 1));
  for (let start = 0; start < length; start += 1) {
    let hash = SEED_CHAR;
    const longest = Math.min(max, length - start);
    for (let n = 1; n <= longest; n += 1) {
      hash = fnv1aStep(hash, codeAt(start + n - 1));
      if (n >= min) push(scratch, hash);
    }
  }
  // A token shorter than `min` (with its boundaries) still counts as one whole n-gram,
  // so "a" or a lone emoji embeds to something rather than nothing.
  if (length < min) {
    let hash = SEED_CHAR;
    for (let i = 0; i < length; i += 1) hash = fnv1aStep(hash, codeAt(i));
    push(scratch, hash);
  }
}

/**
 * Adds one feature group: term frequencies from the sorted hashes (equal hashes are one
 * feature), signed buckets of weight 1 + ln(tf), scaled so the group has norm `weight`.
 * Work is proportional to the features, not the dimensions: only touched buckets are visited.
 */
function addGroup(target: Float32Array, scratch: Scratch, weight: number, dimensions: number): void {
  const { group, touched, marked } = scratch;
  const features = scratch.features.subarray(0, scratch.length).sort();
  let touchedCount = 0;
  for (let i = 0; i < features.length; ) {
    const hash = features[i] as number;
    let tf = 1;
    while (i + tf < features.length && features[i + tf] === hash) tf += 1;
    i += tf;
    const mixed = fmix32(hash);
    const bucket = mixed % dimensions;
    const value = 1 + Math.log(tf);
    group[bucket] = (group[bucket] as number) + (mixed & 0x80000000 ? -value : value);
    if (marked[bucket] === 0) {
      marked[bucket] = 1;
      touched[touchedCount] = bucket;
      touchedCount += 1;
    }
  }
  let sum = 0;
  for (let i = 0; i < touchedCount; i += 1) sum += (group[touched[i] as number] as number) ** 2;
  // Signed hashing can cancel a group to exactly zero (two features colliding with opposite signs).
  const scale = sum === 0 ? 0 : weight / Math.sqrt(sum);
  for (let i = 0; i < touchedCount; i += 1) {
    const bucket = touched[i] as number;
    target[bucket] = (target[bucket] as number) + (group[bucket] as number) * scale;
    group[bucket] = 0;
    marked[bucket] = 0;
  }
}

function normalise(vector: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < vector.length; i += 1) sum += (vector[i] as number) ** 2;
  if (sum === 0) return;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i += 1) vector[i] = (vector[i] as number) * scale;
}
