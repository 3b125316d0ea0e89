import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { CliIo } from '../CliIo.js';
import { CliError } from '../errors/CliError.js';
import { projectTemplate } from './projectTemplate.js';

const require = createRequire(import.meta.url);

/** The version of a package this CLI runs with: the scaffold asks for the same. */
function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** A package name from a folder name: lowercase, only the characters npm allows. */
function packageName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '');
  return name === '' ? 'cortex-runtime' : name;
}

/**
 * `cortex init <dir>`: writes a project (manifest, tsconfig, a plugin with a tool, its test, a
 * configuration that loads the built plugin) into `dir`, which must be empty or absent.
 * @throws {@link CliError} `CLI_CONFIG_EXISTS` when `dir` holds files and `--force` is not given.
 */
export function scaffoldProject(io: CliIo, target: string, force: boolean): void {
  const dir = resolve(io.cwd, target);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !force) {
    throw new CliError('CLI_CONFIG_EXISTS', `Folder ${dir} is not empty; cortex init writes a new project into an empty folder.`, {
      details: { file: dir },
    });
  }
  const values: Record<string, string> = {
    name: packageName(dir),
    cliVersion: versionOf('@cortex-os/cli'),
    kernelVersion: versionOf('@cortex-os/kernel'),
    zodVersion: versionOf('zod'),
  };
  for (const [file, template] of Object.entries(projectTemplate)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => values[key] ?? ''),
    );
  }
  io.out(`wrote a Cortex-OS project in ${dir}`);
  io.out(`next: cd ${target} && npm install && npm test && npm start`);
}
