import { KernelError, type ToolDefinition, type ToolDescriptor } from '@cortex-os/kernel';
import { describeTool } from '../tools/describeTool.js';

/**
 * A tool offered to a model: what the model reads to decide whether and how to call it.
 * @public
 */
export interface ModelToolDefinition {
  /** The tool's name; the model's calls name it. */
  readonly name: string;
  /** What the tool does; the model chooses tools by it. */
  readonly description: string;
  /** JSON Schema (2020-12) of the arguments; providers adapt it to their backend, never callers. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

/**
 * Whether and which tools the model must call: `auto` (it decides), `none` (answer in text),
 * `required` (call at least one), or `{ name }` (call that tool).
 * @public
 */
export type ModelToolChoice = 'auto' | 'none' | 'required' | { readonly name: string };

// Definitions are frozen by defineTool and reused across turns: derive each schema once.
const offered = new WeakMap<ToolDefinition, ModelToolDefinition>();

function offer(tool: ToolDefinition | ToolDescriptor): ModelToolDefinition {
  if (!('input' in tool)) return { name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
  let model = offered.get(tool);
  if (model === undefined) {
    const { name, description, inputSchema } = describeTool(tool);
    model = Object.freeze({ name, description, inputSchema });
    offered.set(tool, model);
  }
  return model;
}

/**
 * Turns kernel tools into the tool definitions a model is offered, with the same JSON Schema
 * that MCP clients see in `tools/list`.
 *
 * @remarks
 * Takes tool definitions (their zod input schema is converted once per definition) or the
 * registry's descriptors (`tools.list()`, already converted). Check the model's calls against
 * the definitions with {@link parseModelToolCall}.
 * @example
 * ```ts
 * const reply = await router.generate(messages, { tools: toModelTools([weather]), toolChoice: 'auto' });
 * ```
 * @public
 */
export function toModelTools(tools: readonly (ToolDefinition | ToolDescriptor)[]): ModelToolDefinition[] {
  return tools.map(offer);
}

/**
 * Refuses a tool choice the model could not follow: `required` or a named tool without tools,
 * or a name that is not among the tools offered. Checked before routing, so no provider is
 * called (and none is blamed) for the caller's mistake.
 */
export function checkToolChoice(tools: readonly ModelToolDefinition[] | undefined, choice: ModelToolChoice | undefined): void {
  if (choice === undefined || choice === 'auto' || choice === 'none') return;
  const offered = (tools ?? []).map((tool) => tool.name);
  let reason: string | undefined;
  if (offered.length === 0) reason = `toolChoice ${JSON.stringify(choice)} needs tools, and none are offered`;
  else if (choice !== 'required' && !offered.includes(choice.name))
    reason = `toolChoice names "${choice.name}", which is not among the tools offered (${offered.join(', ')})`;
  if (reason !== undefined)
    throw KernelError.create('ROUTER_REQUEST_INVALID', { operation: 'generate', reason }, { details: { toolChoice: choice, offered } });
}
