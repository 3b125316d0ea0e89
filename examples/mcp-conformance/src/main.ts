import { createKernel } from '@cortex-os/kernel';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { conformanceFixturesPlugin } from './conformanceFixtures.js';
import { plainHttpHostPlugin } from './plainHttpHostPlugin.js';
import { startRuntime } from '@cortex-os/runtime';

// Serves the conformance suite's fixtures at http://127.0.0.1:$PORT/mcp (PORT=0 picks a free port).
const kernel = createKernel({
  plugins: [
    conformanceFixturesPlugin(),
    mcpPlugin({ name: 'cortex-os-conformance', version: '1.0.0', http: { path: '/mcp' }, embedLinkedResources: true }),
    plainHttpHostPlugin({ port: Number(process.env['PORT'] ?? 3310) }),
  ],
});
// SIGTERM/SIGINT drain and stop the runtime, with the exit code set.
await startRuntime(kernel);
