import {
  createKernel,
  type AnyToken,
  type ContractRegistry,
  type CreateKernelOptions,
  type EventBus,
  type Kernel,
  type KernelDescription,
  type KernelState,
  type KernelStopReport,
  type Logger,
  type PromptRegistry,
  type ResourceRegistry,
  type ServiceScope,
  type TokenValue,
  type ToolRegistry,
} from '@cortex-os/kernel';
import { createTestLogger, type TestLogger } from './createTestLogger.js';

/**
 * Options of {@link createTestKernel}: those of `createKernel`, with a quiet logger and short hook limits.
 * @public
 */
export interface CreateTestKernelOptions extends Omit<CreateKernelOptions, 'logger' | 'hookTimeoutMs'> {
  /**
   * Time limit of each plugin hook, in milliseconds; short, so a hook that hangs fails its test
   * with `PLUGIN_HOOK_TIMEOUT` long before the test runner's own timeout.
   * @defaultValue `2_000`
   */
  readonly hookTimeoutMs?: number;
  /**
   * Minimum level of the log lines kept in {@link TestKernel.logs}.
   * @defaultValue `'debug'`
   */
  readonly logLevel?: string;
}

/**
 * A kernel for tests: a real kernel whose log lines are kept in memory instead of written to stderr.
 * @public
 */
export interface TestKernel extends Kernel {
  /** What the kernel and its plugins logged. */
  readonly logs: TestLogger;
}

/** The default hook limit: long enough for real I/O on a loaded CI machine, short enough to fail fast. */
const TEST_HOOK_TIMEOUT_MS = 2_000;

/**
 * Creates a {@link TestKernel}: `createKernel` with a {@link TestLogger} and a 2 s limit per hook.
 * Like `createKernel`, it is not started yet; `await using` stops it at the end of the block.
 *
 * @throws {@link @cortex-os/kernel#KernelAggregateError} `KERNEL_ASSEMBLY_FAILED`, exactly as `createKernel` does.
 * @example
 * ```ts
 * await using kernel = createTestKernel({ plugins: [notesPlugin()] });
 * await kernel.start();
 * const result = await kernel.tools.call('notes.add', { text: 'hello' });
 * assert.ok(kernel.logs.entries().some((entry) => entry.plugin === 'notes'));
 * ```
 * @public
 */
export function createTestKernel(options: CreateTestKernelOptions): TestKernel {
  const { logLevel, hookTimeoutMs, ...kernelOptions } = options;
  const logs = createTestLogger(logLevel === undefined ? {} : { level: logLevel });
  const kernel = createKernel({ ...kernelOptions, logger: logs.logger, hookTimeoutMs: hookTimeoutMs ?? TEST_HOOK_TIMEOUT_MS });
  return new QuietKernel(kernel, logs);
}

/**
 * Delegates every member to the real kernel, so a member added to `Kernel` fails to compile here
 * instead of going missing from test kernels.
 */
class QuietKernel implements TestKernel {
  readonly logs: TestLogger;
  readonly #kernel: Kernel;

  constructor(kernel: Kernel, logs: TestLogger) {
    this.#kernel = kernel;
    this.logs = logs;
  }

  get state(): KernelState {
    return this.#kernel.state;
  }

  get logger(): Logger {
    return this.#kernel.logger;
  }

  get contracts(): ContractRegistry {
    return this.#kernel.contracts;
  }

  get events(): EventBus {
    return this.#kernel.events;
  }

  get tools(): ToolRegistry {
    return this.#kernel.tools;
  }

  get resources(): ResourceRegistry {
    return this.#kernel.resources;
  }

  get prompts(): PromptRegistry {
    return this.#kernel.prompts;
  }

  get plugins(): Kernel['plugins'] {
    return this.#kernel.plugins;
  }

  start(): Promise<void> {
    return this.#kernel.start();
  }

  stop(): Promise<KernelStopReport> {
    return this.#kernel.stop();
  }

  get<K extends AnyToken>(token: K): TokenValue<K> {
    return this.#kernel.get(token);
  }

  getAsync<K extends AnyToken>(token: K): Promise<TokenValue<K>> {
    return this.#kernel.getAsync(token);
  }

  createScope(): ServiceScope {
    return this.#kernel.createScope();
  }

  describe(): KernelDescription {
    return this.#kernel.describe();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#kernel[Symbol.asyncDispose]();
  }
}
