import { describe, expect, it } from 'vitest';
import { createKernel, definePlugin, defineResource, defineResourceTemplate, optional, resourceToken } from '@cortex-os/kernel';
import { createResourceRegistry } from '@cortex-os/kernel/internal';
import { silentLogger } from '../support/silentLogger.js';

describe('resourceToken', () => {
  it('collects what every plugin contributes, one value or an array, for a consumer that requires it', async () => {
    const docs = definePlugin({
      name: 'docs',
      version: '1.0.0',
      provides: { resources: resourceToken },
      start: () => ({ resources: defineResource({ uri: 'docs://readme', name: 'readme', read: () => '# Hi' }) }),
    });
    const notes = definePlugin({
      name: 'notes',
      version: '1.0.0',
      provides: { resources: resourceToken },
      start: () => ({
        resources: [
          defineResource({ uri: 'notes://index', name: 'index', read: () => '1, 2' }),
          defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', read: ({ variables }) => `note ${variables['id'] ?? ''}` }),
        ],
      }),
    });
    const registry = createResourceRegistry();
    const server = definePlugin({
      name: 'server',
      version: '1.0.0',
      requires: { resources: optional(resourceToken) },
      start({ deps }) {
        for (const r of deps.resources ?? []) registry.register(r);
      },
    });
    await using kernel = createKernel({ plugins: [server(), docs(), notes()], logger: silentLogger() });
    await kernel.start();
    expect(resourceToken.id).toBe('kernel.resource');
    expect(registry.list().map((r) => r.uri)).toEqual(['docs://readme', 'notes://index']);
    expect(await registry.read('notes://3')).toEqual([{ uri: 'notes://3', text: 'note 3' }]);
  });
});
