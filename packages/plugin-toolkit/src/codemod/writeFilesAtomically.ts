import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ToolkitError } from '../errors/ToolkitError.js';

/**
 * One file to rewrite: its new text, and the text it must still have when written.
 * @public
 */
export interface AtomicFileWrite {
  /** Path relative to the root, for messages. */
  readonly path: string;
  /** Real absolute path. */
  readonly absolute: string;
  /** The content read before the change; a file that no longer has it is not overwritten. */
  readonly before: string;
  /** The new content. */
  readonly after: string;
}

/**
 * The file-system calls {@link writeFilesAtomically} makes; tests pass their own to fail one.
 * @public
 */
export interface AtomicWriteFileSystem {
  /** `fs.promises.writeFile`. */
  readonly writeFile: (path: string, data: string) => Promise<void>;
  /** `fs.promises.rename`. */
  readonly rename: (from: string, to: string) => Promise<void>;
}

const nodeFs: AtomicWriteFileSystem = { writeFile: (path, data) => writeFile(path, data, { flag: 'wx' }), rename };

/** Writes `content` beside `absolute` and renames it over it, keeping the file's mode. */
async function replaceFile(absolute: string, content: string, fs: AtomicWriteFileSystem): Promise<void> {
  const temp = join(dirname(absolute), `.${basename(absolute)}.toolkit-${randomBytes(6).toString('hex')}.tmp`);
  const { mode } = await stat(absolute);
  try {
    await fs.writeFile(temp, content);
    await chmod(temp, mode);
    await fs.rename(temp, absolute);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Writes each file atomically (a temporary file beside it, then a rename over it), in order. When
 * one fails, or a file changed since it was read, the files already written are restored (atomically
 * too) and the call fails.
 * @throws {@link ToolkitError} `TOOLKIT_CODEMOD_APPLY_FAILED` naming the file and how many were restored.
 * @public
 */
export async function writeFilesAtomically(files: readonly AtomicFileWrite[], fs: AtomicWriteFileSystem = nodeFs): Promise<void> {
  const written: AtomicFileWrite[] = [];
  for (const file of files) {
    try {
      if ((await readFile(file.absolute, 'utf8')) !== file.before) throw new Error('it changed since it was read');
      await replaceFile(file.absolute, file.after, fs);
      written.push(file);
    } catch (error) {
      const restoreFailures: string[] = [];
      for (const done of written.reverse())
        await replaceFile(done.absolute, done.before, nodeFs).catch(() => restoreFailures.push(done.path));
      const reason = (error instanceof Error ? error.message : String(error)).replaceAll(dirname(file.absolute), '.');
      throw ToolkitError.create(
        'TOOLKIT_CODEMOD_APPLY_FAILED',
        { path: file.path, reason, restored: written.length - restoreFailures.length },
        { details: { path: file.path, restoreFailures }, cause: error },
      );
    }
  }
}
