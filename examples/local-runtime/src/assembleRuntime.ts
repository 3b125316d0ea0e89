import { createKernel, type Kernel, type Logger } from '@cortex-os/kernel';
import { notesPlugin } from './notesPlugin.js';

/** Options of {@link assembleRuntime}. */
export interface AssembleRuntimeOptions {
  readonly logger?: Logger;
}

/** The demo runtime: every plugin on its embedded default, nothing that connects beyond 127.0.0.1. */
export function assembleRuntime(options: AssembleRuntimeOptions = {}): Kernel {
  return createKernel({ plugins: [notesPlugin()], ...(options.logger === undefined ? {} : { logger: options.logger }) });
}
