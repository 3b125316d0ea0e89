/**
 * The HNSW search breadth (ef) for an index of `size` vectors when none is configured: 128 up to
 * 256k vectors, 256 up to 512k, then 512. Measured on the memory bench's clustered 384-d vectors
 * (docs/adr/0006-memory-vector-index.md, addendum): at 1M, ef 128 finds 73% of the true top 10,
 * ef 512 97% for ~2 ms more per search; at 100k, ef 128 already finds 100%.
 */
export function expansionSearchFor(size: number): number {
  const wanted = 2 ** Math.ceil(Math.log2(Math.max(1, size / 2000)));
  return Math.min(512, Math.max(128, wanted));
}
