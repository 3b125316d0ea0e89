import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { builtFile } from '../support/builtFile.js';
import { runFixture } from '../support/runFixture.js';

// streamDrainRuntime.mjs imports these builds.
builtFile('packages/plugin-http/dist/index.js');
builtFile('packages/plugin-mcp/dist/index.js');
builtFile('packages/runtime/dist/index.js');

const fixture = join(import.meta.dirname, '..', 'http', 'streamDrainRuntime.mjs');

/** Starts the fixture runtime with a drain deadline and connects a 2025-era SDK client (it opens the GET stream). */
async function started(deadlineMs: number): Promise<{ runtime: ReturnType<typeof runFixture>; client: Client }> {
  const runtime = runFixture(fixture, [String(deadlineMs)]);
  const url = (await runtime.next((l) => l.startsWith('listening '))).slice('listening '.length);
  const client = new Client({ name: 'vitest', version: '1.0.0' }, { versionNegotiation: { mode: 'legacy' } });
  client.onerror = () => undefined;
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  return { runtime, client };
}

describe('issue 14 §1: SIGTERM with an MCP client connected', () => {
  it('ends the GET stream first, completes the call in flight and exits 0 without a hook timeout', async () => {
    // The drain deadline is far above the test's own timeout: a stream holding the drain stalls the test.
    const { runtime, client } = await started(600_000);
    try {
      await runtime.next((l) => l === 'stream open');
      const call = client.callTool({ name: 'slow', arguments: {} });
      await runtime.next((l) => l === 'arrived');

      runtime.child.kill('SIGTERM');
      await runtime.next((l) => l === 'stream ended');
      runtime.say('release');

      const result = await call;
      expect(result.structuredContent).toEqual({ done: true });
      expect(await runtime.exited).toEqual({ code: 0, signal: null });
      expect(runtime.seen.filter((l) => l.startsWith('phase ') || l === 'stream ended' || l.startsWith('stopped '))).toEqual([
        'phase draining',
        'phase closing',
        'stream ended',
        'phase closed',
        'stopped true',
      ]);
      expect(runtime.logged.join('\n')).not.toContain('PLUGIN_HOOK_TIMEOUT');
    } finally {
      await client.close();
    }
  });

  it('exits 1 with one log line counting the requests the drain deadline cut', async () => {
    const { runtime, client } = await started(200);
    try {
      const call = client.callTool({ name: 'slow', arguments: {} }).catch((error: unknown) => error);
      await runtime.next((l) => l === 'arrived');
      runtime.child.kill('SIGTERM');
      // Never released: the deadline cuts the call.
      expect(await runtime.exited).toEqual({ code: 1, signal: null });
      const cut = runtime.logged.filter((l) => l.includes('HTTP_DRAIN_CUT'));
      expect(cut).toHaveLength(1);
      expect(cut[0]).toContain('cut 1 request(s) still in flight');
      // The client waits to resume the cut stream; closing it fails the call.
      await client.close();
      expect(await call).toBeInstanceOf(Error);
    } finally {
      await client.close();
    }
  });
});
