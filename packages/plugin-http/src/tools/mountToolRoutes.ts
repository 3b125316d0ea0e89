import type { ToolRegistry } from '@cortex-os/kernel';
import { z } from 'zod';
import type { HttpService } from '@cortex-os/http-api';

/**
 * Options of {@link mountToolRoutes}.
 * @public
 */
export interface MountToolRoutesOptions {
  /** Path under the service's {@link @cortex-os/http-api#HttpService.restBasePath}; default `/tools` (so `/api/v1/tools`). */
  readonly prefix?: string;
}

const nameParams = z.object({ name: z.string().min(1).max(128) });

/**
 * Serves the kernel's tool registry over REST, under the REST base path: `GET /api/v1/tools` lists
 * names, descriptions and JSON Schemas; `POST /api/v1/tools/:name` calls a tool with the JSON body as
 * input, with the same validation and error codes as in-process calls (unknown tool → 404, invalid
 * input → 400 naming each field, handler failure → 500 without internals).
 * @public
 */
export function mountToolRoutes(http: HttpService, tools: ToolRegistry, options: MountToolRoutesOptions = {}): void {
  const prefix = `${http.restBasePath}${options.prefix ?? '/tools'}`;
  http.route({
    method: 'GET',
    path: prefix,
    description: 'Lists the tools: names, descriptions, input and output JSON Schemas.',
    handler: () => ({ tools: tools.list() }),
  });
  http.route({
    method: 'POST',
    path: `${prefix}/:name`,
    params: nameParams,
    description: 'Calls a tool; the JSON body is its input.',
    async handler({ params, body, principal, scopes, signal, requestId }) {
      const result = await tools.call(params.name, body ?? {}, {
        caller: { transport: 'rest', ...(principal === undefined ? {} : { id: principal }), ...(scopes.length === 0 ? {} : { scopes }) },
        signal,
        correlationId: requestId,
      });
      return {
        tool: result.tool,
        ...(result.structured === undefined ? {} : { structured: result.structured }),
        content: result.content,
        durationMs: result.durationMs,
      };
    },
  });
}
