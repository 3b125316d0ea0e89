import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type AgentErrorCode, agentErrorCatalogue } from './agentErrorCatalogue.js';

/**
 * An error raised by the agents plugin, with a code from {@link AgentErrorCode}; definition
 * errors list every problem in `details.problems`.
 * @public
 */
export class AgentError extends CortexError<AgentErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof agentErrorCatalogue = agentErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: AgentErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
