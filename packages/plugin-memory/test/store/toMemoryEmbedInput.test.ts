import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelModality } from '@cortex-os/kernel/router';
import { toMemoryEmbedInput } from '@cortex-os/plugin-memory';

const bytes = Uint8Array.from([1, 2, 3]);

describe('toMemoryEmbedInput', () => {
  it('embeds image and audio bytes only when the model embeds that modality; video and text by their text', () => {
    const clip: readonly ModelModality[] = ['text', 'image'];
    expect(toMemoryEmbedInput({ modality: 'image', text: 'a red square', content: bytes, mediaType: 'image/png' }, clip)).toEqual({
      modality: 'image',
      data: bytes,
      mediaType: 'image/png',
    });
    expect(toMemoryEmbedInput({ modality: 'image', text: 'a red square', content: bytes, mediaType: 'image/png' }, ['text'])).toBe(
      'a red square',
    );
    expect(toMemoryEmbedInput({ modality: 'audio', text: 'birdsong', content: bytes, mediaType: 'audio/wav' }, clip)).toBe('birdsong');
    expect(toMemoryEmbedInput({ modality: 'audio', text: 'birdsong', content: bytes, mediaType: 'audio/wav' }, ['text', 'audio'])).toEqual({
      modality: 'audio',
      data: bytes,
      mediaType: 'audio/wav',
    });
    expect(
      toMemoryEmbedInput({ modality: 'video', text: 'trains', content: bytes, mediaType: 'video/mp4' }, ['text', 'image', 'audio']),
    ).toBe('trains');
    expect(toMemoryEmbedInput({ modality: 'text', text: 'a note' }, clip)).toBe('a note');
  });

  it('embeds bytes even without a caption, and nothing for blank text that has no embeddable bytes', () => {
    expect(toMemoryEmbedInput({ modality: 'image', text: '', content: bytes, mediaType: 'image/png' }, ['text', 'image'])).toEqual({
      modality: 'image',
      data: bytes,
      mediaType: 'image/png',
    });
    expect(toMemoryEmbedInput({ modality: 'image', text: ' \n', content: bytes, mediaType: 'image/png' }, ['text'])).toBeUndefined();
    expect(toMemoryEmbedInput({ modality: 'text', text: '\t' }, ['text'])).toBeUndefined();
  });

  it('gives bytes exactly for image/audio memories of a listed modality, else the non-blank text (property)', () => {
    const modality = fc.constantFrom('text', 'image', 'audio', 'video') as fc.Arbitrary<'text' | 'image' | 'audio' | 'video'>;
    const modalities = fc.subarray<ModelModality>(['text', 'image', 'audio']);
    fc.assert(
      fc.property(modality, fc.string(), modalities, (m, text, listed) => {
        const memory = m === 'text' ? { modality: m, text } : { modality: m, text, content: bytes, mediaType: `${m}/x` };
        const input = toMemoryEmbedInput(memory, listed);
        const fromBytes = (m === 'image' || m === 'audio') && listed.includes(m);
        if (fromBytes) expect(input).toEqual({ modality: m, data: bytes, mediaType: `${m}/x` });
        else expect(input).toBe(text.trim() === '' ? undefined : text);
      }),
      { seed: 5 },
    );
  });
});
