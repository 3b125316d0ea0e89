import { describe, expect, it } from 'vitest';
import { CortexError, KernelError, createResourceRegistry, defineResource, defineResourceTemplate } from '@cortex-os/kernel';
import { rejectionOf } from '../support/rejectionOf.js';

describe('createResourceRegistry', () => {
  const readme = defineResource({ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown', read: () => '# Hi' });
  const note = defineResourceTemplate({
    uriTemplate: 'notes://{id}',
    name: 'note',
    mimeType: 'text/plain',
    read: ({ variables }) => `note ${variables['id'] ?? ''}`,
    complete: { id: (v) => ['1', '12', '2'].filter((x) => x.startsWith(v)) },
  });

  it('reads fixed resources and templates with the media type filled in', async () => {
    const registry = createResourceRegistry();
    registry.register(readme);
    registry.register(note);
    expect(await registry.read('docs://readme')).toEqual([{ uri: 'docs://readme', mimeType: 'text/markdown', text: '# Hi' }]);
    expect(await registry.read('notes://7')).toEqual([{ uri: 'notes://7', mimeType: 'text/plain', text: 'note 7' }]);
    expect(registry.list()).toEqual([{ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown' }]);
    expect(registry.listTemplates()).toEqual([{ uriTemplate: 'notes://{id}', name: 'note', mimeType: 'text/plain' }]);
    expect(registry.has('notes://7')).toBe(true);
    expect(registry.has('other://7')).toBe(false);
    expect(await registry.complete('notes://{id}', 'id', '1')).toEqual(['1', '12']);
    expect(await registry.complete('notes://{id}', 'nope', '1')).toEqual([]);
  });

  it('keeps a media type the reader gives (several contents, text and blob)', async () => {
    const registry = createResourceRegistry();
    registry.register(
      defineResourceTemplate({
        uriTemplate: 'files://{name}',
        name: 'file',
        mimeType: 'application/json',
        read: ({ uri }) => [
          { uri, text: '{"name":"x"}' },
          { uri, mimeType: 'image/png', blob: 'iVBORw0KGgo=' },
        ],
      }),
    );
    expect(await registry.read('files://x')).toEqual([
      { uri: 'files://x', mimeType: 'application/json', text: '{"name":"x"}' },
      { uri: 'files://x', mimeType: 'image/png', blob: 'iVBORw0KGgo=' },
    ]);
  });

  it('reports unknown URIs, duplicates and failing or empty readers by code', async () => {
    const registry = createResourceRegistry();
    registry.register(readme);
    const missing = await rejectionOf(registry.read('docs://nope'));
    expect(CortexError.is(missing, 'RESOURCE_NOT_FOUND') && missing.message).toBe('No resource or resource template serves "docs://nope".');
    expect(() => registry.register(readme)).toThrow('A resource or template "docs://readme" is already registered; unregister it first or choose another URI.');
    registry.register(defineResource({ uri: 'x://boom', name: 'boom', read: () => { throw new Error('nope'); } }));
    const failed = await rejectionOf(registry.read('x://boom'));
    expect(CortexError.is(failed, 'RESOURCE_READ_FAILED') && failed.message).toBe('Reading resource "x://boom" failed: nope');
    expect((failed as Error).cause).toEqual(new Error('nope'));
    registry.register(defineResource({ uri: 'x://empty', name: 'empty', read: () => [] }));
    expect(await rejectionOf(registry.read('x://empty'))).toMatchObject({ code: 'RESOURCE_READ_FAILED', message: 'Reading resource "x://empty" returned no contents.' });
  });

  it('passes a reader\'s own RESOURCE_NOT_FOUND through unchanged (a template id that names nothing)', async () => {
    const registry = createResourceRegistry();
    registry.register(
      defineResourceTemplate({
        uriTemplate: 'items://{id}',
        name: 'item',
        read: ({ uri }) => {
          throw new KernelError('RESOURCE_NOT_FOUND', `No item at "${uri}".`);
        },
      }),
    );
    expect(await rejectionOf(registry.read('items://9'))).toMatchObject({ code: 'RESOURCE_NOT_FOUND', message: 'No item at "items://9".' });
  });

  it('passes the abort signal to the reader', async () => {
    const registry = createResourceRegistry();
    let seen: AbortSignal | undefined;
    registry.register(defineResource({ uri: 'x://signal', name: 's', read: ({ signal }) => ((seen = signal), 'ok') }));
    const controller = new AbortController();
    await registry.read('x://signal', { signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });

  it('notifies changes and updates, and removes with the returned function', () => {
    const registry = createResourceRegistry();
    const events: string[] = [];
    registry.onChange(() => events.push('changed'));
    const stopUpdates = registry.onUpdated((uri) => events.push(`updated ${uri}`));
    const remove = registry.register(readme);
    registry.notifyUpdated('docs://readme');
    stopUpdates();
    registry.notifyUpdated('docs://readme');
    remove();
    remove();
    expect(events).toEqual(['changed', 'updated docs://readme', 'changed']);
    expect(registry.has('docs://readme')).toBe(false);
    expect(registry.unregister('docs://readme')).toBe(false);
  });

  it('a stale remover does not remove a newer registration of the same URI', () => {
    const registry = createResourceRegistry();
    const removeOld = registry.register(readme);
    removeOld();
    const newer = defineResource({ uri: 'docs://readme', name: 'readme-2', read: () => '' });
    registry.register(newer);
    removeOld();
    expect(registry.list().map((r) => r.name)).toEqual(['readme-2']);
  });
});
