import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { resolveRuntimeHome } from '@cortex-os/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,11}$/);
const posixAbsolute = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);

describe('resolveRuntimeHome', () => {
  it('uses CORTEX_HOME when set, whatever the platform variables say', () => {
    expect(
      resolveRuntimeHome({ env: { CORTEX_HOME: '/srv/cortex//a/', XDG_DATA_HOME: '/xdg' }, platform: 'linux', homedir: '/home/u' }),
    ).toEqual({ dir: '/srv/cortex/a/', source: 'CORTEX_HOME' });
    expect(resolveRuntimeHome({ env: { CORTEX_HOME: 'D:\\cortex' }, platform: 'win32', homedir: 'C:\\Users\\u' })).toEqual({
      dir: 'D:\\cortex',
      source: 'CORTEX_HOME',
    });
  });

  it('falls back to the platform data folder', () => {
    const cases = [
      { platform: 'linux', env: {}, homedir: '/home/u', dir: '/home/u/.local/share/cortex-os' },
      { platform: 'linux', env: { XDG_DATA_HOME: '/data/xdg' }, homedir: '/home/u', dir: '/data/xdg/cortex-os' },
      // The XDG specification says relative values are invalid and must be ignored.
      { platform: 'linux', env: { XDG_DATA_HOME: 'rel/xdg' }, homedir: '/home/u', dir: '/home/u/.local/share/cortex-os' },
      { platform: 'freebsd', env: { CORTEX_HOME: '' }, homedir: '/usr/home/u', dir: '/usr/home/u/.local/share/cortex-os' },
      { platform: 'darwin', env: { XDG_DATA_HOME: '/x' }, homedir: '/Users/u', dir: '/Users/u/Library/Application Support/cortex-os' },
      { platform: 'win32', env: { LOCALAPPDATA: 'E:\\Local' }, homedir: 'C:\\Users\\u', dir: 'E:\\Local\\cortex-os' },
      { platform: 'win32', env: {}, homedir: 'C:\\Users\\u', dir: 'C:\\Users\\u\\AppData\\Local\\cortex-os' },
    ] as const;
    for (const { platform, env, homedir, dir } of cases) {
      expect(resolveRuntimeHome({ env, platform, homedir })).toEqual({ dir, source: 'platform' });
    }
  });

  it('refuses a relative CORTEX_HOME with a typed error naming the variable', () => {
    for (const [value, platform] of [
      ['.data', 'linux'],
      ['cortex', 'darwin'],
      ['cortex\\home', 'win32'],
    ] as const) {
      let caught: unknown;
      try {
        resolveRuntimeHome({ env: { CORTEX_HOME: value }, platform, homedir: '/home/u' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'HOME_INVALID', message: `CORTEX_HOME must be an absolute path, got "${value}".` });
    }
  });

  it('never depends on the working directory and always returns an absolute path (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('linux', 'darwin', 'win32', 'freebsd' as const),
        fc.option(posixAbsolute, { nil: undefined }),
        fc.option(fc.oneof(posixAbsolute, segment), { nil: undefined }),
        posixAbsolute,
        (platform, cortexHome, xdg, homedir) => {
          const env = { CORTEX_HOME: platform === 'win32' ? undefined : cortexHome, XDG_DATA_HOME: xdg };
          const home = resolveRuntimeHome({ env, platform, homedir });
          const path = platform === 'win32' ? win32 : posix;
          expect(path.isAbsolute(home.dir)).toBe(true);
          expect(home.source).toBe(env.CORTEX_HOME === undefined ? 'platform' : 'CORTEX_HOME');
          if (home.source === 'platform') expect(path.basename(home.dir)).toBe('cortex-os');
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });

  it('defaults platform and home folder to the running machine’s, never the environment (the caller gives it)', () => {
    const home = resolveRuntimeHome({ env: {} });
    expect(home.source).toBe('platform');
    expect(home.dir.startsWith(homedir())).toBe(true);
    expect(home.dir.endsWith('cortex-os')).toBe(true);
    const withCortexHome = { ...process.env, CORTEX_HOME: '/tmp/cortex-home-default-test' };
    expect(resolveRuntimeHome({ env: withCortexHome })).toEqual({ dir: '/tmp/cortex-home-default-test', source: 'CORTEX_HOME' });
  });
});
