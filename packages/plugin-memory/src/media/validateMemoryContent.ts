import { fileTypeFromBuffer } from 'file-type';
import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryModality } from '../schema/memorySchemas.js';

/**
 * The modalities that carry content bytes (every modality but `text`).
 * @public
 */
export type MediaModality = Exclude<MemoryModality, 'text'>;

/**
 * Limits applied to non-text content before anything is stored.
 * @public
 */
export interface MemoryContentPolicy {
  /** Largest content per modality, in bytes. */
  readonly maxContentBytes: Readonly<Record<MediaModality, number>>;
  /** Media types accepted per modality, as detected from the bytes. */
  readonly allowedMediaTypes: Readonly<Record<MediaModality, readonly string[]>>;
}

/**
 * The default content policy: 20 MiB images, 50 MiB audio, 200 MiB video; common formats that
 * `file-type` recognises from magic bytes (SVG and other text formats are not recognisable and
 * therefore not accepted).
 * @public
 */
export const defaultMemoryContentPolicy: MemoryContentPolicy = {
  maxContentBytes: { image: 20 * 1024 * 1024, audio: 50 * 1024 * 1024, video: 200 * 1024 * 1024 },
  allowedMediaTypes: {
    image: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/tiff', 'image/heic'],
    audio: ['audio/mpeg', 'audio/wav', 'audio/ogg', 'audio/opus', 'audio/flac', 'audio/aac', 'audio/mp4', 'audio/x-m4a', 'audio/webm'],
    video: ['video/mp4', 'video/webm', 'video/quicktime', 'video/x-matroska', 'video/ogg'],
  },
};

// Names the same format goes by; keep in sync with the allow-list above.
const aliases: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-flac': 'audio/flac',
  'audio/m4a': 'audio/x-m4a',
};
// Containers detected under the video family that also hold audio only.
const audioContainers: Readonly<Record<string, string>> = {
  'video/webm': 'audio/webm',
  'video/ogg': 'audio/ogg',
  'video/mp4': 'audio/mp4',
};

const canonical = (type: string): string => aliases[type] ?? type;

/**
 * Checks non-text content against its declared modality and media type, the allow-list and the
 * size limit, detecting the real type from magic bytes. Returns the canonical detected media type.
 *
 * @throws {@link MemoryError} `MEMORY_CONTENT_TOO_LARGE`, `MEMORY_CONTENT_UNRECOGNISED`,
 * `MEMORY_CONTENT_TYPE_MISMATCH` (e.g. an executable declared as an image), `MEMORY_CONTENT_TYPE_NOT_ALLOWED`.
 * @public
 */
export async function validateMemoryContent(
  modality: MediaModality,
  content: Uint8Array,
  declaredMediaType: string,
  policy: MemoryContentPolicy = defaultMemoryContentPolicy,
): Promise<string> {
  const limit = policy.maxContentBytes[modality];
  if (content.byteLength > limit) {
    throw new MemoryError(
      'MEMORY_CONTENT_TOO_LARGE',
      `${modality} content is ${content.byteLength} bytes; the limit for ${modality} is ${limit} bytes. Nothing was stored.`,
      {
        details: { modality, size: content.byteLength, limit },
      },
    );
  }
  const declared = canonical(declaredMediaType);
  if (!declared.startsWith(`${modality}/`)) {
    throw new MemoryError(
      'MEMORY_CONTENT_TYPE_MISMATCH',
      `media type ${declaredMediaType} does not belong to modality ${modality}. Nothing was stored.`,
      {
        details: { modality, declaredMediaType },
      },
    );
  }
  const detected = await fileTypeFromBuffer(content);
  if (detected === undefined) {
    throw new MemoryError(
      'MEMORY_CONTENT_UNRECOGNISED',
      `the ${modality} content (declared ${declaredMediaType}) has no recognisable header: it is corrupt, truncated or not a ${modality} file. Nothing was stored.`,
      {
        details: { modality, declaredMediaType, size: content.byteLength },
      },
    );
  }
  let detectedType = canonical(detected.mime);
  if (modality === 'audio' && audioContainers[detectedType] !== undefined) detectedType = audioContainers[detectedType] as string;
  if (!detectedType.startsWith(`${modality}/`) || detectedType !== declared) {
    throw new MemoryError(
      'MEMORY_CONTENT_TYPE_MISMATCH',
      `content declared as ${declaredMediaType} (${modality}) is really ${detected.mime} (.${detected.ext}). Nothing was stored.`,
      { details: { modality, declaredMediaType, detectedMediaType: detected.mime } },
    );
  }
  if (!policy.allowedMediaTypes[modality].includes(detectedType)) {
    throw new MemoryError(
      'MEMORY_CONTENT_TYPE_NOT_ALLOWED',
      `${detectedType} is not an allowed ${modality} type; allowed: ${policy.allowedMediaTypes[modality].join(', ')}. Nothing was stored.`,
      {
        details: { modality, detectedMediaType: detectedType, allowed: policy.allowedMediaTypes[modality] },
      },
    );
  }
  return detectedType;
}
