import { createRequire } from 'node:module';
import type { DoctorCheck } from './checkProviders.js';

/** A native module a plugin loads, and the smallest use that proves its binary runs here. */
export interface NativeModule {
  readonly name: string;
  /** The package that depends on it: the module is resolved from there, as that plugin resolves it. */
  readonly owner: string;
  /** Uses the loaded module the least that still calls into its binary; throws when it cannot. */
  readonly probe: (loaded: unknown) => void;
}

type SqliteModule = new (file: string) => { close(): void };
type UsearchModule = { Index: new (config: { dimensions: number; metric: 'cos' }) => { size(): number } };
type AstGrepModule = { parse(lang: string, source: string): { root(): unknown } };

/** The native modules of the plugins `serve` always runs (memory) and of those it may run (toolkit). */
export const nativeModules: readonly NativeModule[] = [
  { name: 'better-sqlite3', owner: '@cortex-os/plugin-memory', probe: (Database) => new (Database as SqliteModule)(':memory:').close() },
  {
    name: 'usearch',
    owner: '@cortex-os/plugin-memory',
    probe: (usearch) => void new (usearch as UsearchModule).Index({ dimensions: 2, metric: 'cos' }).size(),
  },
  {
    name: '@ast-grep/napi',
    owner: '@cortex-os/plugin-toolkit',
    probe: (astGrep) => void (astGrep as AstGrepModule).parse('JavaScript', '1').root(),
  },
];

/** Loads `name` the way `owner` does: CommonJS `require` from the owner's own folder. */
function loadFrom(owner: string, name: string): unknown {
  const ownerRequire = createRequire(createRequire(import.meta.url).resolve(`${owner}/package.json`));
  return ownerRequire(name);
}

/**
 * `cortex doctor`'s native-module check: each module loads and its binary answers one call. A
 * module built for another Node (a global install made with an older Node, say) fails here with
 * what to do, instead of when the runtime starts.
 */
export function checkNativeModules(modules: readonly NativeModule[] = nativeModules, load = loadFrom): DoctorCheck {
  const problems: string[] = [];
  for (const module of modules) {
    try {
      module.probe(load(module.owner, module.name));
    } catch (error) {
      problems.push(`${module.name} (for ${module.owner}): ${((error as Error).message ?? String(error)).split('\n')[0]}`);
    }
  }
  if (problems.length === 0) return { name: 'native', detail: `${modules.map((module) => module.name).join(', ')} load` };
  return {
    name: 'native',
    problem: `${problems.join('; ')}. Reinstall with the Node that runs cortex (${process.version}): npm rebuild, or npm install again.`,
  };
}
