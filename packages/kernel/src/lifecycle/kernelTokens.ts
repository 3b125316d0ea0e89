import { createToken, type Token, type TokenOwner } from '../container/Token.js';
import type { ContractRegistry } from '../contracts/ContractRegistry.js';
import type { EventBus } from '../events/EventBus.js';
import type { Logger } from '../logging/Logger.js';
import type { PromptRegistry } from '../prompts/PromptRegistry.js';
import type { ResourceRegistry } from '../resources/ResourceRegistry.js';
import type { ToolRegistry } from '../tools/ToolRegistry.js';

/**
 * The owner of every token and extension point the kernel declares. Bump `version` when the type
 * behind one of them changes incompatibly.
 * @internal
 */
export const kernelOwner: TokenOwner = Object.freeze({ package: '@cortex-os/kernel', version: '1' });

/**
 * Tokens of the services the kernel itself provides; any plugin may require them.
 * @public
 */
export const kernelTokens: {
  readonly logger: Token<Logger>;
  readonly contracts: Token<ContractRegistry>;
  readonly events: Token<EventBus>;
  readonly tools: Token<ToolRegistry>;
  readonly resources: Token<ResourceRegistry>;
  readonly prompts: Token<PromptRegistry>;
} = Object.freeze({
  logger: createToken<Logger>('kernel.logger', { owner: kernelOwner }),
  contracts: createToken<ContractRegistry>('kernel.contracts', { owner: kernelOwner }),
  events: createToken<EventBus>('kernel.events', { owner: kernelOwner }),
  tools: createToken<ToolRegistry>('kernel.tools', { owner: kernelOwner }),
  resources: createToken<ResourceRegistry>('kernel.resources', { owner: kernelOwner }),
  prompts: createToken<PromptRegistry>('kernel.prompts', { owner: kernelOwner }),
});
