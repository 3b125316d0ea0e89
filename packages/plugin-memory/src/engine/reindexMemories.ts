import type { EmbedInput, ModelModality } from '@cortex-os/kernel/router';
import { assertReindexModel } from '../store/assertReindexModel.js';
import { checkEmbedResult } from '../store/checkEmbedResult.js';
import { embedMemoryInputs } from '../store/embedMemoryInputs.js';
import type { MemoryEmbedder } from '../store/MemoryEmbedder.js';
import type { MemoryStoreReindexOptions } from '../store/MemoryStore.js';
import { resolveReindexEmbedder } from '../store/resolveReindexEmbedder.js';
import { rowToMemoryEmbedInput } from '../store/toMemoryEmbedInput.js';
import type { MemoryReindexed, MemoryReindexRow, MemoryStoreDriver } from './MemoryStoreDriver.js';

/** What {@link reindexMemories} needs from its engine besides the caller's options. */
export interface ReindexMemoriesOptions extends MemoryStoreReindexOptions {
  /** The store's embedder, used when the options give none. */
  readonly current: MemoryEmbedder | undefined;
  readonly modalitiesOf: (embed: MemoryEmbedder) => readonly ModelModality[];
  /** Throws once the store is closed. */
  readonly checkOpen: () => void;
}

/**
 * Re-embeds every memory with something to embed, one batch at a time, before anything is
 * written (the old vectors serve searches meanwhile), then has the driver swap the vectors in
 * one transaction. Every batch must be of one model; with nothing to embed, one probe learns it.
 */
export async function reindexMemories(
  driver: MemoryStoreDriver,
  options: ReindexMemoriesOptions,
): Promise<{ count: number; model: string; dimensions: number; embed: MemoryEmbedder }> {
  const { embed, batchSize } = resolveReindexEmbedder(options, options.current);
  const modalities = options.modalitiesOf(embed);
  let model: string | undefined;
  let dimensions = 0;
  const embedBatch = async (inputs: readonly EmbedInput[]): Promise<Float32Array[]> => {
    const result = await embedMemoryInputs(embed, inputs, options.signal);
    options.signal?.throwIfAborted();
    assertReindexModel(model, dimensions, result);
    // Checked against no model: the new one replaces the store's.
    const vectors = checkEmbedResult(
      result,
      inputs.length,
      undefined,
      driver.maxDimensions === undefined ? {} : { maxDimensions: driver.maxDimensions },
    );
    model = result.model;
    dimensions = result.dimensions;
    return vectors;
  };
  const done = new Map<number, MemoryReindexed>();
  const embedRows = async (page: readonly MemoryReindexRow[]): Promise<void> => {
    const rows = page.flatMap((r) => {
      const input = rowToMemoryEmbedInput(r, modalities);
      return input === undefined ? [] : [{ key: r.key, version: r.version, input }];
    });
    if (rows.length === 0) return;
    const vectors = await embedBatch(rows.map((r) => r.input));
    for (const [i, r] of rows.entries()) done.set(r.key, { version: r.version, vector: vectors[i] as Float32Array });
  };
  const source = { modalities, batchSize };
  for await (const page of driver.reindexRows(source)) await embedRows(page);
  if (model === undefined) await embedBatch(['probe']);
  options.checkOpen();
  const shape = { model: model as unknown as string, dimensions };
  const count = await driver.replaceVectors(done, shape, embedRows, source);
  return { count, ...shape, embed };
}
