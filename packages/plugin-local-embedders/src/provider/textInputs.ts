import { KernelError } from '@cortex-os/kernel';
import type { EmbedInput } from '@cortex-os/kernel/router';

/**
 * Checks that every input is text, naming the provider and the first non-text input.
 * @throws KernelError `PROVIDER_REQUEST_FAILED` (no `status`: not transient) for image or audio inputs.
 */
export function textInputs(provider: string, inputs: readonly EmbedInput[]): string[] {
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
