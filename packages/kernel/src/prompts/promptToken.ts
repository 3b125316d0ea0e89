import { createMultiToken, type MultiToken } from '../container/Token.js';
import type { PromptDefinition } from './PromptDefinition.js';

/**
 * The multi token any plugin provides its prompts on (one value or an array); transports such as
 * the MCP plugin collect them into a {@link PromptRegistry}.
 * @example
 * ```ts
 * definePlugin({ name: 'review', version: '1.0.0', provides: { prompts: promptToken },
 *   start: () => ({ prompts: definePrompt({ name: 'review', render: () => [{ role: 'user', content: { type: 'text', text: 'Review this.' } }] }) }) });
 * ```
 * @public
 */
export const promptToken: MultiToken<PromptDefinition> = createMultiToken<PromptDefinition>('kernel.prompt');
