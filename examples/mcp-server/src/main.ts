#!/usr/bin/env node
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { mcpPlugin, mcpServiceToken } from '@cortex-os/plugin-mcp';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { startRuntime } from '@cortex-os/runtime';
import { exampleToolsPlugin } from './toolsPlugin.js';

// Desktop clients start us from whatever working directory they like (often `/`), so memory
// lives at a fixed, per-user place unless CORTEX_MEMORY_DIR says otherwise.
const dataDir = process.env['CORTEX_MEMORY_DIR'] ?? join(homedir(), '.cortex-os', 'memory');

// stdout carries only MCP messages; the kernel's logger writes to stderr.
const kernel = createKernel({
  logger: createLogger({ level: process.env['CORTEX_LOG_LEVEL'] ?? 'info' }),
  plugins: [
    exampleToolsPlugin(),
    // Local embeddings (no download, no network) through the policy router: semantic memory search works offline.
    routerPlugin({ localOnly: true }),
    localEmbeddersPlugin(),
    // memory.* tools, plus memory://memories and memory://memories/{id} as MCP resources.
    memoryPlugin({ dataDir }),
    mcpPlugin({ name: 'cortex-os-example', version: '0.1.0', stdio: true }),
  ],
});
// SIGTERM/SIGINT drain and stop the runtime, with the exit code set.
const runtime = await startRuntime(kernel);
// The desktop client closes stdin when it is done with us.
await kernel.get(mcpServiceToken).stdioClosed;
await runtime.stop();
