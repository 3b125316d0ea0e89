import { CortexError, type CortexErrorOptions } from './CortexError.js';
import { type KernelErrorCode, kernelErrorCatalogue } from './kernelErrorCatalogue.js';

/**
 * An error raised by the kernel, with a code from {@link KernelErrorCode}.
 * @public
 */
export class KernelError extends CortexError<KernelErrorCode> {
  /** The kernel's error catalogue, where each error finds its kind. */
  static override readonly catalogue: typeof kernelErrorCatalogue = kernelErrorCatalogue;

  /** Creates a kernel error with a code from the kernel's error catalogue. */
  constructor(code: KernelErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}

/**
 * One problem inside an aggregate error, such as every missing requirement of an assembly.
 * @public
 */
export interface KernelProblem {
  /** The kernel error code of this problem. */
  readonly code: KernelErrorCode;
  /** What is wrong and how to fix it, in plain words. */
  readonly message: string;
  /** Name of the plugin the problem belongs to, when there is one. */
  readonly plugin?: string;
  /** The error behind the problem, when one was thrown. */
  readonly cause?: unknown;
}

/**
 * An error that reports several problems at once (assembly, start), so the whole
 * configuration can be fixed in one pass.
 * @public
 */
export class KernelAggregateError extends KernelError {
  /** Every problem found, in the order they were found. */
  readonly problems: readonly KernelProblem[];

  /** Creates an error whose message is the summary followed by one line per problem. */
  constructor(code: KernelErrorCode, summary: string, problems: readonly KernelProblem[]) {
    const lines = problems.map((p) => `  - [${p.code}] ${p.message}`);
    super(code, `${summary}\n${lines.join('\n')}`, {
      details: { problems: problems.map(({ code: c, message, plugin }) => ({ code: c, message, plugin })) },
    });
    this.problems = problems;
  }
}
