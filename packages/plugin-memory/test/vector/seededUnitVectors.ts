import { normalise } from '../../src/vector/VectorIndex.js';

/** `count` seeded unit vectors of `dims` dimensions (the same seed gives the same vectors). */
export function seededUnitVectors(count: number, dims: number, seed: number): Float32Array[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => normalise(Float32Array.from({ length: dims }, next)));
}
