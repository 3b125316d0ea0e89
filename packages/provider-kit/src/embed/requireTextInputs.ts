import { KernelError } from '@cortex-os/kernel';
import type { EmbedInput } from '@cortex-os/kernel/router';

/**
 * Checks that every embedding input is text (for providers whose models embed text only),
 * returning the texts; names the provider and the first non-text input.
 * @throws KernelError `PROVIDER_REQUEST_FAILED` (no retry hint: not transient) for image or audio inputs.
 * @public
 */
export function requireTextInputs(provider: string, inputs: readonly EmbedInput[]): string[] {
  return inputs.map((input, index) => {
    if (typeof input === 'string') return input;
    throw new KernelError(
      'PROVIDER_REQUEST_FAILED',
      `Provider "${provider}" embeds text only; input ${index} is ${input.modality} (${input.mediaType}).`,
      {
        details: { provider, index, modality: input.modality },
      },
    );
  });
}
