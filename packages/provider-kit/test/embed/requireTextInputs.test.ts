import { describe, expect, it } from 'vitest';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { requireTextInputs } from '@cortex-os/provider-kit';

describe('requireTextInputs', () => {
  it('returns the texts in order', () => {
    expect(requireTextInputs('p', ['a', 'b'])).toEqual(['a', 'b']);
    expect(requireTextInputs('p', [])).toEqual([]);
  });

  it('names the provider and the first non-text input, as a request failure with no retry hint', async () => {
    const image = { modality: 'image', mediaType: 'image/png', data: new Uint8Array([1]) } as const;
    const error = await expectCortexError(() => requireTextInputs('ollama', ['a', image, image]), 'PROVIDER_REQUEST_FAILED');
    expect(error.message).toBe('Provider "ollama" embeds text only; input 1 is image (image/png).');
    expect(error.details).toEqual({ provider: 'ollama', index: 1, modality: 'image' });
    expect(error.retryAfterMs).toBeUndefined();
  });
});
