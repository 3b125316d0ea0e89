import type { EmbedInput, ModelModality } from '@cortex-os/kernel/router';
import type { MemoryModality } from '../schema/memorySchemas.js';

/**
 * The fields of a memory (or memory input) that decide what it is embedded from.
 * @public
 */
export interface MemoryEmbedSubject {
  /** What the memory holds: `text`, `image`, `audio` or `video`. */
  readonly modality: MemoryModality;
  /** Its text: the memory itself, or the caption, transcript or description of its content. */
  readonly text: string;
  /** The bytes of an image, audio or video memory. */
  readonly content?: Uint8Array | undefined;
  /** The media type of `content`. */
  readonly mediaType?: string | undefined;
}

/**
 * What every store embeds for a memory: the bytes of an image or audio memory when the
 * embedder's model embeds that modality (e.g. a CLIP model with `['text', 'image']`), so text
 * queries find it in the model's shared space; otherwise its text (caption, transcript,
 * description). Video is always embedded from its text. `undefined` when that text is blank:
 * the memory is then found by keywords, tags and metadata only.
 * @example
 * ```ts
 * toMemoryEmbedInput({ modality: 'image', text: 'a red square', content: png, mediaType: 'image/png' }, ['text', 'image']);
 * // → { modality: 'image', data: png, mediaType: 'image/png' }
 * ```
 * @public
 */
export function toMemoryEmbedInput(memory: MemoryEmbedSubject, modalities: readonly ModelModality[]): EmbedInput | undefined {
  const { modality, content, mediaType } = memory;
  if ((modality === 'image' || modality === 'audio') && modalities.includes(modality) && content !== undefined && mediaType !== undefined) {
    return { modality, data: content, mediaType };
  }
  return memory.text.trim() === '' ? undefined : memory.text;
}

/** A memory as a store's row holds it (SQL NULL for absent bytes or media type). */
export interface MemoryEmbedRow {
  readonly modality: MemoryModality;
  readonly text: string;
  readonly content: Uint8Array | null;
  readonly media_type: string | null;
}

/** {@link toMemoryEmbedInput} for a row read back from a store (re-indexing). */
export function rowToMemoryEmbedInput(row: MemoryEmbedRow, modalities: readonly ModelModality[]): EmbedInput | undefined {
  return toMemoryEmbedInput(
    {
      modality: row.modality,
      text: row.text,
      ...(row.content === null ? {} : { content: new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength) }),
      ...(row.media_type === null ? {} : { mediaType: row.media_type }),
    },
    modalities,
  );
}
