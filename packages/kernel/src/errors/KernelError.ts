import { CortexError, type CortexErrorOptions } from './CortexError.js';
import type { KernelErrorCode } from './kernelErrorCatalogue.js';

/**
 * An error raised by the kernel, with a code from {@link KernelErrorCode}.
 * @public
 */
export class KernelError extends CortexError<KernelErrorCode> {
  constructor(code: KernelErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}

/**
 * One problem inside an aggregate error, such as every missing requirement of an assembly.
 * @public
 */
export interface KernelProblem {
  readonly code: KernelErrorCode;
  readonly message: string;
  readonly plugin?: string;
  readonly cause?: unknown;
}

/**
 * An error that reports several problems at once (assembly, start), so the whole
 * configuration can be fixed in one pass.
 * @public
 */
export class KernelAggregateError extends KernelError {
  readonly problems: readonly KernelProblem[];

  constructor(code: KernelErrorCode, summary: string, problems: readonly KernelProblem[]) {
    const lines = problems.map((p) => `  - [${p.code}] ${p.message}`);
    super(code, `${summary}\n${lines.join('\n')}`, { details: { problems: problems.map(({ code: c, message, plugin }) => ({ code: c, message, plugin })) } });
    this.problems = problems;
  }
}
