#!/usr/bin/env node
// The agent runtime demo: `node dist/main.js [question]`. Set OLLAMA_BASE_URL (and OLLAMA_MODEL)
// or OPENAI_API_KEY (and OPENAI_BASE_URL, OPENAI_MODEL) to use a real generating model. The
// agent's memory lives in AGENT_RUNTIME_MEMORY_DIR (default: a folder under the system's temporary
// folder), so a second demo recalls what the first one answered.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cortex-os/kernel';
import { assembleAgentRuntime } from './assembleAgentRuntime.js';
import { runAgentDemo } from './runAgentDemo.js';

const env = process.env;
const kernel = assembleAgentRuntime({
  memoryDir: env['AGENT_RUNTIME_MEMORY_DIR'] ?? join(tmpdir(), 'cortex-os-agent-runtime-memory'),
  logger: createLogger({ level: env['CORTEX_LOG_LEVEL'] ?? 'warn' }),
  models: {
    ...(env['OLLAMA_BASE_URL'] === undefined ? {} : { ollamaBaseUrl: env['OLLAMA_BASE_URL'] }),
    ...(env['OLLAMA_MODEL'] === undefined ? {} : { ollamaModel: env['OLLAMA_MODEL'] }),
    ...(env['OPENAI_BASE_URL'] === undefined ? {} : { openAiBaseUrl: env['OPENAI_BASE_URL'] }),
    ...(env['OPENAI_API_KEY'] === undefined ? {} : { openAiApiKey: env['OPENAI_API_KEY'] }),
    ...(env['OPENAI_MODEL'] === undefined ? {} : { openAiModel: env['OPENAI_MODEL'] }),
  },
});
await runAgentDemo(kernel, (line) => console.log(line), process.argv[2]);
