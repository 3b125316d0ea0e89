#!/usr/bin/env node
import { createKernel, stopOnSignals } from '@cortex-os/kernel';
import { mcpPlugin, mcpServiceToken } from '@cortex-os/plugin-mcp';
import { exampleToolsPlugin } from './toolsPlugin.js';

// stdout carries only MCP messages; the kernel's logger writes to stderr.
const kernel = createKernel({ plugins: [exampleToolsPlugin(), mcpPlugin({ name: 'cortex-os-example', version: '0.1.0', stdio: true })] });
stopOnSignals(kernel);
await kernel.start();
// The desktop client closes stdin when it is done with us.
await kernel.get(mcpServiceToken).stdioClosed;
await kernel.stop();
