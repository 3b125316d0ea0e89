import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createResourceRegistry, defineResource, defineResourceTemplate } from '@cortex-os/plugin-mcp';

describe('createResourceRegistry', () => {
  const readme = defineResource({ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown', read: () => '# Hi' });
  const note = defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', mimeType: 'text/plain', read: ({ variables }) => `note ${variables['id'] ?? ''}`, complete: { id: (v) => ['1', '12', '2'].filter((x) => x.startsWith(v)) } });

  it('reads fixed resources and templates with the media type filled in', async () => {
    const registry = createResourceRegistry();
    registry.register(readme);
    registry.register(note);
    expect(await registry.read('docs://readme')).toEqual([{ uri: 'docs://readme', mimeType: 'text/markdown', text: '# Hi' }]);
    expect(await registry.read('notes://7')).toEqual([{ uri: 'notes://7', mimeType: 'text/plain', text: 'note 7' }]);
    expect(registry.list()).toEqual([{ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown' }]);
    expect(registry.listTemplates()).toEqual([{ uriTemplate: 'notes://{id}', name: 'note', mimeType: 'text/plain' }]);
    expect(await registry.complete('notes://{id}', 'id', '1')).toEqual(['1', '12']);
  });

  it('reports unknown URIs, duplicates and failing readers by code', async () => {
    const registry = createResourceRegistry();
    registry.register(readme);
    await expect(registry.read('docs://nope')).rejects.toSatisfy((e: unknown) => CortexError.is(e, 'MCP_RESOURCE_NOT_FOUND'));
    expect(() => registry.register(readme)).toThrow(/already registered/);
    registry.register(defineResource({ uri: 'x://boom', name: 'boom', read: () => { throw new Error('nope'); } }));
    await expect(registry.read('x://boom')).rejects.toThrow('Reading resource "x://boom" failed: nope');
  });

  it('notifies changes and updates, and removes with the returned function', () => {
    const registry = createResourceRegistry();
    const events: string[] = [];
    registry.onChange(() => events.push('changed'));
    registry.onUpdated((uri) => events.push(`updated ${uri}`));
    const remove = registry.register(readme);
    registry.notifyUpdated('docs://readme');
    remove();
    expect(events).toEqual(['changed', 'updated docs://readme', 'changed']);
    expect(registry.has('docs://readme')).toBe(false);
  });

  it('rejects bad definitions when they are built', () => {
    expect(() => defineResource({ uri: 'not a uri', name: 'x', read: () => '' })).toThrow('Resource URI "not a uri" is not an absolute URI (scheme:…).');
    expect(() => defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'n', read: () => '', complete: { other: () => [] } })).toThrow(/completes "other", which is not one of its variables \(id\)/);
  });
});
