import { z } from 'zod';
import type { ToolDefinition } from './ToolDefinition.js';
import type { ToolDescriptor } from './ToolRegistry.js';

/**
 * What callers see of a tool: its JSON Schemas (2020-12) derived from its zod schemas.
 *
 * @remarks
 * The one place a tool's JSON Schema is derived: the registry's `list()` (MCP, REST) and the
 * router's `toModelTools` (models) share it, so a model is offered exactly what MCP clients see.
 * Unrepresentable parts (transforms, dates) become `{}` rather than failing the whole tool.
 * @internal
 */
export function describeTool(tool: ToolDefinition): ToolDescriptor {
  return Object.freeze({
    name: tool.name,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }),
    ...(tool.output === undefined
      ? {}
      : { outputSchema: z.toJSONSchema(tool.output, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' }) }),
    ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
  });
}
