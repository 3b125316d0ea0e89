import type { HttpService } from '@cortex-os/http-api';
import { AgentError, type AgentsService } from '@cortex-os/plugin-agents';
import { z } from 'zod';

/**
 * Adds `GET /agents` and `GET /agents/:name` under the HTTP service's REST base path: the agents
 * a task may name, as the agents service lists them (404 `AGENT_UNKNOWN` for an unknown name).
 * @public
 */
export function mountAgentRoutes(http: HttpService, agents: AgentsService): void {
  const base = `${http.restBasePath}/agents`;
  http.route({
    method: 'GET',
    path: base,
    description: 'The agents of this runtime: name, description, plugin, tools, structured output.',
    handler: () => ({ agents: agents.list() }),
  });
  http.route({
    method: 'GET',
    path: `${base}/:name`,
    params: z.strictObject({ name: z.string().min(1).max(64) }),
    description: 'One agent of this runtime.',
    handler(ctx) {
      const agent = agents.list().find((candidate) => candidate.name === ctx.params.name);
      if (agent === undefined)
        throw AgentError.create('AGENT_UNKNOWN', { agent: ctx.params.name, hint: '' }, { details: { agent: ctx.params.name } });
      return agent;
    },
  });
}
