/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;

/**
 * Feeds one UTF-16 code unit into an FNV-1a 32-bit hash state.
 * Checked on a hot path: keep it a tiny function the JIT inlines.
 */
export function fnv1aStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, 0x01000193) >>> 0;
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units, continuing from `hash`. */
export function fnv1a(text: string, hash: number = FNV_OFFSET_BASIS): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The MurmurHash3 32-bit finaliser: spreads FNV's weak low bits over the whole word,
 * so `% dimensions` and the sign bit are close to independent and uniform.
 */
export function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
