import { describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, defaultMemoryContentPolicy, validateMemoryContent } from '@cortex-os/plugin-memory';

const png = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
);
const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0]);
const windowsExe = Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);
// A minimal RIFF/WAVE header.
const wav = Uint8Array.from(Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(24)]));

describe('validateMemoryContent', () => {
  it('accepts content whose magic bytes match the declared type', async () => {
    expect(await validateMemoryContent('image', png, 'image/png')).toBe('image/png');
    expect(await validateMemoryContent('audio', wav, 'audio/x-wav')).toBe('audio/wav');
  });

  it('rejects an executable declared as an image', async () => {
    await expect(validateMemoryContent('image', elf, 'image/png')).rejects.toMatchObject({
      code: 'MEMORY_CONTENT_TYPE_MISMATCH',
      details: { detectedMediaType: 'application/x-elf' },
    });
    await expect(validateMemoryContent('image', windowsExe, 'image/jpeg')).rejects.toMatchObject({ code: 'MEMORY_CONTENT_TYPE_MISMATCH' });
  });

  it('rejects a corrupt header, a wrong family, a type outside the allow-list and oversize content', async () => {
    await expect(validateMemoryContent('image', png.slice(8, 40), 'image/png')).rejects.toMatchObject({
      code: 'MEMORY_CONTENT_UNRECOGNISED',
    });
    await expect(validateMemoryContent('image', png, 'audio/mpeg')).rejects.toMatchObject({ code: 'MEMORY_CONTENT_TYPE_MISMATCH' });
    await expect(validateMemoryContent('audio', png, 'audio/mpeg')).rejects.toMatchObject({ code: 'MEMORY_CONTENT_TYPE_MISMATCH' });
    const pngOnly = {
      ...defaultMemoryContentPolicy,
      allowedMediaTypes: { ...defaultMemoryContentPolicy.allowedMediaTypes, image: ['image/jpeg'] },
    };
    await expect(validateMemoryContent('image', png, 'image/png', pngOnly)).rejects.toMatchObject({
      code: 'MEMORY_CONTENT_TYPE_NOT_ALLOWED',
    });
    const tiny = { ...defaultMemoryContentPolicy, maxContentBytes: { image: 10, audio: 10, video: 10 } };
    await expect(validateMemoryContent('image', png, 'image/png', tiny)).rejects.toMatchObject({
      code: 'MEMORY_CONTENT_TOO_LARGE',
      details: { limit: 10 },
    });
  });

  it('stores nothing when content is rejected', async () => {
    await using store = await createSqliteMemoryStore();
    await expect(store.store({ text: 'x', modality: 'image', content: elf, mediaType: 'image/png' })).rejects.toMatchObject({
      code: 'MEMORY_CONTENT_TYPE_MISMATCH',
    });
    await expect(
      store.storeMany([{ text: 'ok' }, { text: 'x', modality: 'video', content: png, mediaType: 'video/mp4' }]),
    ).rejects.toMatchObject({ code: 'MEMORY_CONTENT_TYPE_MISMATCH' });
    expect((await store.stats()).total).toBe(0);
  });
});
