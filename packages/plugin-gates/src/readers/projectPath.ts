import { isAbsolute, relative, sep } from 'node:path';

/** A report's file path as a project-relative path with `/` separators (absolute paths outside `root` stay absolute). */
export function toProjectPath(path: string, root: string): string {
  let out = path;
  if (isAbsolute(path)) {
    const rel = relative(root, path);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) out = rel;
  }
  return out.split(sep).join('/').replace(/\\/g, '/');
}

/** True when the project path `path` is `folder` or inside it. */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}
