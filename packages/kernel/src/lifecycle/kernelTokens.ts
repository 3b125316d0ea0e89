import { createToken, type Token } from '../container/Token.js';
import type { ContractRegistry } from '../contracts/ContractRegistry.js';
import type { EventBus } from '../events/EventBus.js';
import type { Logger } from '../logging/Logger.js';
import type { ToolRegistry } from '../tools/ToolRegistry.js';

/**
 * Tokens of the services the kernel itself provides; any plugin may require them.
 * @public
 */
export const kernelTokens: {
  readonly logger: Token<Logger>;
  readonly contracts: Token<ContractRegistry>;
  readonly events: Token<EventBus>;
  readonly tools: Token<ToolRegistry>;
} = Object.freeze({
  logger: createToken<Logger>('kernel.logger'),
  contracts: createToken<ContractRegistry>('kernel.contracts'),
  events: createToken<EventBus>('kernel.events'),
  tools: createToken<ToolRegistry>('kernel.tools'),
});
