import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The files under `folder` whose `sourceMappingURL` names a map that is not there, or a map whose
 * sources are not there: what a debugger or a stack-trace tool fails to load for a user.
 */
export function danglingSourceMaps(folder: string): string[] {
  const dangling: string[] = [];
  for (const name of readdirSync(folder, { recursive: true }) as string[]) {
    if (!/\.(?:js|d\.ts)$/.test(name)) continue;
    const file = join(folder, name);
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(file, 'utf8'))?.[1];
    if (url === undefined || url.startsWith('data:')) continue;
    const map = resolve(dirname(file), url);
    if (!existsSync(map)) {
      dangling.push(name);
      continue;
    }
    const { sources = [], sourceRoot = '' } = JSON.parse(readFileSync(map, 'utf8')) as { sources?: string[]; sourceRoot?: string };
    if (sources.some((source) => !existsSync(resolve(dirname(map), sourceRoot, source)))) dangling.push(name);
  }
  return dangling;
}
