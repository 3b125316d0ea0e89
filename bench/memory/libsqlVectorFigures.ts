// Mastra's default vector store as the baseline of memory.bench.ts (issue 13 §3): LibSQLVector
// (@mastra/libsql 1.23, @libsql/client 0.18) on a file, with the DiskANN index its createIndex
// makes (`libsql_vector_idx`), queried through `vector_top_k`. Same vectors, same queries, same
// exact ground truth as our store; upserts in batches of 1,000 (one transaction each, as its
// `upsert` does), queries top 10 one at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibSQLVector } from '@mastra/libsql';

/** What the baseline needs of the bench's data set. */
export interface LibsqlBenchData {
  readonly N: number;
  readonly vecs: readonly Float32Array[];
  readonly queries: readonly { readonly v: Float32Array }[];
  /** Exact top-10 of each query, as memory indexes. */
  readonly truth: readonly ReadonlySet<number>[];
}

/** What was measured: upsert throughput, per-query latencies (ms) and recall@10 against the exact top 10. */
export interface LibsqlFigures {
  readonly upsertPerSecond: number;
  readonly queryMs: number[];
  readonly recall: number;
}

/** Loads the vectors into a fresh LibSQLVector file and runs `queries` top-10 queries. */
export async function measureLibsqlVector(data: LibsqlBenchData, queries: number): Promise<LibsqlFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'memory-bench-libsql-'));
  const store = new LibSQLVector({ id: 'bench', url: `file:${join(dir, 'vectors.db')}` });
  try {
    const dimension = data.vecs[0]?.length ?? 0;
    await store.createIndex({ indexName: 'memories', dimension, metric: 'cosine' });
    const started = performance.now();
    for (let i = 0; i < data.N; i += 1000) {
      const batch = data.vecs.slice(i, i + 1000);
      await store.upsert({ indexName: 'memories', vectors: batch.map((v) => Array.from(v)), ids: batch.map((_, j) => String(i + j)) });
    }
    const upsertPerSecond = data.N / ((performance.now() - started) / 1000);
    const queryMs: number[] = [];
    let hits = 0;
    for (let q = 0; q < queries; q++) {
      const query = data.queries[q];
      if (query === undefined) break;
      const t = performance.now();
      const found = await store.query({ indexName: 'memories', queryVector: Array.from(query.v), topK: 10 });
      queryMs.push(performance.now() - t);
      for (const r of found) if (data.truth[q]?.has(Number(r.id))) hits++;
    }
    return { upsertPerSecond, queryMs, recall: hits / (queryMs.length * 10) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
