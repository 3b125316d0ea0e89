/**
 * The vector of each embedded input, by input position: `embedIndexes[i]` is the input that
 * `vectors[i]` belongs to. Empty when nothing was embedded.
 */
export function vectorsByInput(
  embedIndexes: readonly number[],
  vectors: { readonly vectors: readonly Float32Array[] } | undefined,
): Map<number, Float32Array> {
  const out = new Map<number, Float32Array>();
  if (vectors !== undefined) for (const [i, inputIndex] of embedIndexes.entries()) out.set(inputIndex, vectors.vectors[i] as Float32Array);
  return out;
}
