import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type TaskErrorCode, taskErrorCatalogue } from './taskErrorCatalogue.js';

/**
 * An error raised by the tasks plugin, with a code from {@link TaskErrorCode}.
 * @public
 */
export class TaskError extends CortexError<TaskErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof taskErrorCatalogue = taskErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message. */
  constructor(code: TaskErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
