import { describe, expect, it } from 'vitest';
import { checkNativeModules, type NativeModule } from '../src/commands/checkNativeModules.js';

describe('checkNativeModules', () => {
  it('loads each native module the plugins use from its owner and calls into its binary', () => {
    expect(checkNativeModules()).toEqual({ name: 'native', detail: 'better-sqlite3, usearch, @ast-grep/napi load' });
  });

  it('names each module that fails, its owner, the first line of why, and what to do', () => {
    const modules: NativeModule[] = [
      { name: 'good', owner: 'owner-a', probe: () => {} },
      { name: 'bad-binary', owner: 'owner-b', probe: () => {} },
      {
        name: 'bad-probe',
        owner: 'owner-c',
        probe: () => {
          throw new Error('Segmentation in call\n    at stack frame');
        },
      },
    ];
    const check = checkNativeModules(modules, (_owner, name) => {
      if (name === 'bad-binary') throw new Error('The module was compiled against NODE_MODULE_VERSION 115.\nmore');
      return {};
    });
    expect(check).toEqual({
      name: 'native',
      problem:
        'bad-binary (for owner-b): The module was compiled against NODE_MODULE_VERSION 115.; ' +
        `bad-probe (for owner-c): Segmentation in call. Reinstall with the Node that runs cortex (${process.version}): npm rebuild, or npm install again.`,
    });
  });
});
