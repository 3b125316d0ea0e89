import { describe, expect, it } from 'vitest';
import { CortexError, KernelError, defineResource, defineResourceTemplate, type ResourceWatcher } from '@cortex-os/kernel';
import { createResourceRegistry } from '@cortex-os/kernel/internal';
import { rejectionOf } from '@cortex-os/kernel/testing';

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
    expect(() => registry.register(readme)).toThrow(
      'A resource or template "docs://readme" is already registered; unregister it first or choose another URI.',
    );
    registry.register(
      defineResource({
        uri: 'x://boom',
        name: 'boom',
        read: () => {
          throw new Error('nope');
        },
      }),
    );
    const failed = await rejectionOf(registry.read('x://boom'));
    expect(CortexError.is(failed, 'RESOURCE_READ_FAILED') && failed.message).toBe('Reading resource "x://boom" failed: nope');
    expect((failed as Error).cause).toEqual(new Error('nope'));
    registry.register(defineResource({ uri: 'x://empty', name: 'empty', read: () => [] }));
    expect(await rejectionOf(registry.read('x://empty'))).toMatchObject({
      code: 'RESOURCE_READ_FAILED',
      message: 'Reading resource "x://empty" returned no contents.',
    });
  });

  it("passes a reader's own RESOURCE_NOT_FOUND through unchanged (a template id that names nothing)", async () => {
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
    registry.register(
      defineResource({
        uri: 'x://signal',
        name: 's',
        read: ({ signal }) => {
          seen = signal;
          return 'ok';
        },
      }),
    );
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

  describe('change feeds (watch)', () => {
    /** A watcher that hands out its notify function and counts how often it was stopped. */
    function feed(): { watch: ResourceWatcher; notify: (uri: string) => void; started: number; stopped: number } {
      const state = {
        notify: (_uri: string): void => {
          throw new Error('watch was not called');
        },
        started: 0,
        stopped: 0,
        watch: ((notify) => {
          state.started += 1;
          state.notify = notify;
          return () => {
            state.stopped += 1;
          };
        }) as ResourceWatcher,
      };
      return state;
    }

    it("starts a fixed resource's feed on register and forwards its own URI to onUpdated", () => {
      const registry = createResourceRegistry();
      const updated: string[] = [];
      registry.onUpdated((uri) => updated.push(uri));
      const changes = feed();
      registry.register(defineResource({ uri: 'docs://readme', name: 'readme', read: () => '', watch: changes.watch }));
      expect(changes.started).toBe(1);
      changes.notify('docs://readme');
      expect(updated).toEqual(['docs://readme']);
    });

    it("forwards a template's concrete URIs that match it", () => {
      const registry = createResourceRegistry();
      const updated: string[] = [];
      registry.onUpdated((uri) => updated.push(uri));
      const changes = feed();
      registry.register(defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', read: () => '', watch: changes.watch }));
      changes.notify('notes://7');
      changes.notify('notes://a%20b');
      expect(updated).toEqual(['notes://7', 'notes://a%20b']);
    });

    it('ignores URIs that do not belong to the notifying resource or template', () => {
      const registry = createResourceRegistry();
      const updated: string[] = [];
      registry.onUpdated((uri) => updated.push(uri));
      const fixed = feed();
      const templated = feed();
      registry.register(readme);
      registry.register(defineResource({ uri: 'docs://other', name: 'other', read: () => '', watch: fixed.watch }));
      registry.register(defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', read: () => '', watch: templated.watch }));
      fixed.notify('docs://readme'); // registered, but not by this definition
      fixed.notify('docs://other/child');
      templated.notify('notes://7/extra');
      templated.notify('docs://other');
      expect(updated).toEqual([]);
    });

    it('stops the feed on unregister, through the returned remover, and ignores a late notify', () => {
      const registry = createResourceRegistry();
      const updated: string[] = [];
      registry.onUpdated((uri) => updated.push(uri));
      const first = feed();
      const second = feed();
      registry.register(defineResource({ uri: 'docs://a', name: 'a', read: () => '', watch: first.watch }));
      const remove = registry.register(
        defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', read: () => '', watch: second.watch }),
      );
      expect(registry.unregister('docs://a')).toBe(true);
      remove();
      remove();
      expect([first.stopped, second.stopped]).toEqual([1, 1]);
      first.notify('docs://a');
      second.notify('notes://1');
      expect(updated).toEqual([]);
    });

    it('stops every feed and empties the registry on dispose (idempotent, also via using)', () => {
      const changes = feed();
      const other = feed();
      const events: string[] = [];
      {
        using registry = createResourceRegistry();
        registry.onChange(() => events.push('changed'));
        registry.onUpdated((uri) => events.push(`updated ${uri}`));
        registry.register(defineResource({ uri: 'docs://a', name: 'a', read: () => '', watch: changes.watch }));
        registry.register(defineResourceTemplate({ uriTemplate: 'notes://{id}', name: 'note', read: () => '', watch: other.watch }));
        registry.dispose();
        expect([changes.stopped, other.stopped]).toEqual([1, 1]);
        expect(registry.list()).toEqual([]);
        expect(registry.listTemplates()).toEqual([]);
        changes.notify('docs://a');
        registry.notifyUpdated('docs://a');
      }
      // The block's `using` disposed a second time: nothing stopped twice, no listener called after the first.
      expect([changes.stopped, other.stopped]).toEqual([1, 1]);
      expect(events).toEqual(['changed', 'changed']);
    });

    it('stops every feed on dispose even when one fails to stop, then reports the failure', () => {
      const registry = createResourceRegistry();
      const healthy = feed();
      registry.register(
        defineResource({
          uri: 'docs://bad',
          name: 'bad',
          read: () => '',
          watch: () => () => {
            throw new Error('stuck');
          },
        }),
      );
      registry.register(defineResource({ uri: 'docs://good', name: 'good', read: () => '', watch: healthy.watch }));
      expect(() => registry.dispose()).toThrow('stuck');
      expect(healthy.stopped).toBe(1);
      expect(registry.list()).toEqual([]);
    });

    it('rolls a registration back when its watch throws, and reports nothing as added', () => {
      const registry = createResourceRegistry();
      const events: string[] = [];
      registry.onChange(() => events.push('changed'));
      const failing = defineResource({
        uri: 'docs://a',
        name: 'a',
        read: () => '',
        watch: () => {
          throw new Error('feed unavailable');
        },
      });
      expect(() => registry.register(failing)).toThrow('feed unavailable');
      expect(registry.has('docs://a')).toBe(false);
      expect(events).toEqual([]);
    });
  });
});
