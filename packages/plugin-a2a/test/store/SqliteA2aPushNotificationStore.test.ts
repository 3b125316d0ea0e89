import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskPushNotificationConfig } from '@a2a-js/sdk';
import { ServerCallContext } from '@a2a-js/sdk/server';
import { describe, expect, it } from 'vitest';
import { SqliteA2aPushNotificationStore } from '../../src/store/SqliteA2aPushNotificationStore.js';

const config = (id: string, url = `https://example.org/${id}`): TaskPushNotificationConfig => ({
  tenant: '',
  id,
  taskId: 't-1',
  url,
  token: 'tok',
  authentication: { scheme: 'Bearer', credentials: 'abc' },
});

describe('SqliteA2aPushNotificationStore', () => {
  it('keeps configs with their wire version across a reopen of the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2a-push-'));
    try {
      const file = join(dir, 'a2a.sqlite');
      const first = SqliteA2aPushNotificationStore.open({ file });
      await first.save('t-1', new ServerCallContext({ requestedVersion: '1.0' }), config('a'));
      await first.save('t-1', new ServerCallContext(), config('b'));
      first.close();
      const second = SqliteA2aPushNotificationStore.open({ file });
      const stored = await second.loadWithMetadata('t-1', new ServerCallContext());
      expect(stored.map((s) => [s.config.id, s.wireVersion])).toEqual([
        ['a', '1.0'],
        ['b', '0.3'],
      ]);
      expect(stored[0]?.config).toEqual(config('a'));
      await second.save('t-1', new ServerCallContext(), config('c')); // numbering goes on after a reopen
      expect((await second.load('t-1', new ServerCallContext())).map((c) => c.id)).toEqual(['a', 'b', 'c']);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives an empty id a UUID in place, replaces a saved id (moving it last), and scopes by owner and tenant', async () => {
    const store = SqliteA2aPushNotificationStore.open();
    const anonymous = new ServerCallContext();
    const fresh = config('');
    await store.save('t-1', anonymous, fresh);
    expect(fresh.id).toMatch(/^[0-9a-f-]{36}$/);
    await store.save('t-1', anonymous, config('x'));
    await store.save('t-1', anonymous, config(fresh.id, 'https://example.org/moved'));
    expect((await store.load('t-1', anonymous)).map((c) => [c.id, c.url])).toEqual([
      ['x', 'https://example.org/x'],
      [fresh.id, 'https://example.org/moved'],
    ]);
    expect(await store.load('t-1', new ServerCallContext({ user: { isAuthenticated: true, userName: 'bob' } }))).toEqual([]);
    expect(await store.load('t-1', new ServerCallContext({ tenant: 'other' }))).toEqual([]);
    expect(await store.load('t-2', anonymous)).toEqual([]);
    store.close();
  });

  it('deletes one config, by default the one named like the task', async () => {
    const store = SqliteA2aPushNotificationStore.open();
    const anonymous = new ServerCallContext();
    await store.save('t-1', anonymous, config('t-1'));
    await store.save('t-1', anonymous, config('other'));
    await store.delete('t-1', anonymous);
    expect((await store.load('t-1', anonymous)).map((c) => c.id)).toEqual(['other']);
    await store.delete('t-1', anonymous, 'other');
    expect(await store.load('t-1', anonymous)).toEqual([]);
    store.close();
  });
});
