import { createKernel, type Kernel, type Logger } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { agentsPlugin } from '@cortex-os/plugin-agents';
import { httpPlugin } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { ollamaPlugin } from '@cortex-os/plugin-ollama';
import { openAiPlugin } from '@cortex-os/plugin-openai';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { notesPlugin } from './notesPlugin.js';
import { SCRIPTED_MODEL, scriptedDemoModelPlugin } from './scriptedDemoModel.js';

/** Where generating models are, when the host has them; unset means "not configured". */
export interface AgentModelSettings {
  readonly ollamaBaseUrl?: string;
  readonly ollamaModel?: string;
  readonly openAiBaseUrl?: string;
  readonly openAiApiKey?: string;
  readonly openAiModel?: string;
}

/** Options of {@link assembleAgentRuntime}. */
export interface AssembleAgentRuntimeOptions {
  /** The folder of the agent's memory (a SQLite database and its vector index); kept between runs. */
  readonly memoryDir: string;
  readonly logger?: Logger;
  /** Port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number;
  readonly models?: AgentModelSettings;
}

/**
 * The agent runtime: one HTTP server on 127.0.0.1 serving tools over REST (`/api/v1/tools`) and
 * MCP (`/mcp`), the policy router over Ollama ▸ OpenAI-compatible ▸ the scripted model, the
 * agent's memory (plugin-memory on SQLite, embedded by the local hashing embedder, for hybrid
 * search), the agents plugin, durable tasks (`/api/v1/tasks`, with their event streams), and the
 * notes tools with their agents. Providers that are not configured report themselves unavailable
 * without connecting; the router then reaches the scripted model.
 */
export function assembleAgentRuntime(options: AssembleAgentRuntimeOptions): Kernel {
  const models = options.models ?? {};
  return createKernel({
    plugins: [
      httpPlugin({ host: '127.0.0.1', port: options.port ?? 0 }),
      mcpPlugin({ name: 'cortex-os-agent-runtime', version: '0.0.0', http: { path: '/mcp' } }),
      routerPlugin({ order: ['ollama', 'openai', SCRIPTED_MODEL, 'local-hashing'], preferLocal: false, retry: false }),
      ollamaPlugin({
        ...(models.ollamaBaseUrl === undefined ? {} : { baseUrl: models.ollamaBaseUrl }),
        generationModels: [models.ollamaModel ?? 'llama3.2'],
      }),
      openAiPlugin({
        ...(models.openAiBaseUrl === undefined ? {} : { baseUrl: models.openAiBaseUrl }),
        ...(models.openAiApiKey === undefined ? {} : { apiKey: models.openAiApiKey }),
        generationModels: [models.openAiModel ?? 'gpt-4o-mini'],
      }),
      scriptedDemoModelPlugin(),
      localEmbeddersPlugin(),
      memoryPlugin({ dataDir: options.memoryDir, rest: { enabled: false } }),
      agentsPlugin(),
      // Durable agent tasks over REST (`/api/v1/tasks`); in memory for the demo — give a file to survive restarts.
      tasksPlugin({ file: ':memory:' }),
      notesPlugin(),
    ],
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
