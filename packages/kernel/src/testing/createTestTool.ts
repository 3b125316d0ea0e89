import { defineTool, type ToolContext, type ToolDefinition, type ToolRegistry } from '@cortex-os/kernel';
import type { z } from 'zod';

/**
 * One call a {@link TestTool}'s handler received, after input validation.
 * @public
 */
export interface TestToolCall<I = unknown> {
  /** The validated input. */
  readonly input: I;
  /** The context the registry gave the handler (signal, correlation id, caller…). */
  readonly context: ToolContext;
}

/**
 * A tool registered for the life of a test, recording its calls; `using` (or `await using`) unregisters it.
 * @public
 */
export interface TestTool<I extends z.ZodType = z.ZodType> extends Disposable {
  /** The tool's name. */
  readonly name: string;
  /** The calls its handler received so far, oldest first. */
  readonly calls: readonly TestToolCall<z.output<I>>[];
}

/**
 * Registers `tool` on `registry` (a kernel's `kernel.tools`, or a plugin context's `tools`) until
 * the returned {@link TestTool} is disposed, recording each call its handler receives. Disposing
 * never removes a newer tool registered under the same name.
 *
 * @throws {@link @cortex-os/kernel#KernelError} `TOOL_DEFINITION_INVALID` or `TOOL_DUPLICATE`, as
 * `defineTool` and `register` do.
 * @example
 * ```ts
 * await using weather = createTestTool(kernel.tools, {
 *   name: 'weather.today', description: 'Says the weather.',
 *   input: z.object({ city: z.string() }),
 *   handler: ({ city }) => `sunny in ${city}`,
 * });
 * await agent.run('What is the weather in Paris?');  // the code under test calls the tool
 * assert.deepEqual(weather.calls.map((call) => call.input), [{ city: 'Paris' }]);
 * ```
 * @public
 */
export function createTestTool<I extends z.ZodType, O extends z.ZodType = z.ZodType>(
  registry: ToolRegistry,
  tool: ToolDefinition<I, O>,
): TestTool<I> {
  const calls: TestToolCall<z.output<I>>[] = [];
  const recording = defineTool<I, O>({
    ...tool,
    handler: (input, context) => {
      calls.push({ input, context });
      return tool.handler(input, context);
    },
  });
  const unregister = registry.register(recording as unknown as ToolDefinition<z.ZodType, z.ZodType>);
  return {
    name: recording.name,
    get calls() {
      return [...calls];
    },
    [Symbol.dispose]: unregister,
  };
}
