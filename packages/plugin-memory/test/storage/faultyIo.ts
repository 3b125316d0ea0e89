import { type MemoryStorageIo, nodeMemoryStorageIo } from '../../src/storage/MemoryStorageIo.js';

/** The operations of {@link MemoryStorageIo} a fault can be injected into. */
export type FaultyOperation = 'mkdir' | 'stat' | 'readFile' | 'readBlocks' | 'writeFile' | 'rename' | 'remove' | 'transaction';

/** A {@link MemoryStorageIo} double: the real operations, except the ones told to fail; timers ticked by hand. */
export interface FaultyIo extends MemoryStorageIo {
  /** Makes `operations` (on paths containing `pathPart`, when given) throw an error with this `code` until `heal()`. */
  fail(code: string, operations: readonly FaultyOperation[], pathPart?: string): void;
  /** Ends every injected fault. */
  heal(): void;
  /** Runs every registered timer's tick once, as if its interval elapsed. */
  tick(): void;
  /** Timers started and not stopped. */
  readonly timers: number;
}

/** An error shaped as Node (`ENOSPC`) or better-sqlite3 (`SQLITE_FULL`) throws it. */
export function diskError(code: string): Error {
  const messages: Record<string, string> = {
    SQLITE_FULL: 'database or disk is full',
    ENOSPC: `ENOSPC: no space left on device, write '/data/secret/memories.usearch'`,
  };
  return Object.assign(new Error(messages[code] ?? `${code}: operation failed on '/data/secret/memories.sqlite'`), { code });
}

export function createFaultyIo(): FaultyIo {
  const real = nodeMemoryStorageIo;
  let faults: { code: string; operations: readonly FaultyOperation[]; pathPart: string | undefined }[] = [];
  const ticks = new Set<() => void>();
  const check = (operation: FaultyOperation, path?: string): void => {
    const fault = faults.find((f) => f.operations.includes(operation) && (f.pathPart === undefined || path?.includes(f.pathPart) === true));
    if (fault !== undefined) throw diskError(fault.code);
  };
  return {
    mkdir(path) {
      check('mkdir', path);
      real.mkdir(path);
    },
    stat(path) {
      check('stat', path);
      return real.stat(path);
    },
    readFile(path) {
      check('readFile', path);
      return real.readFile(path);
    },
    readBlocks(path, blockSize, visit) {
      check('readBlocks', path);
      return real.readBlocks(path, blockSize, visit);
    },
    writeFile(path, data) {
      check('writeFile', path);
      real.writeFile(path, data);
    },
    rename(from, to) {
      check('rename', to);
      real.rename(from, to);
    },
    remove(path) {
      check('remove', path);
      real.remove(path);
    },
    transaction(run) {
      check('transaction');
      return real.transaction(run);
    },
    every(_ms, tick) {
      ticks.add(tick);
      return () => ticks.delete(tick);
    },
    fail(code, operations, pathPart) {
      faults.push({ code, operations, pathPart });
    },
    heal() {
      faults = [];
    },
    tick() {
      for (const tick of [...ticks]) tick();
    },
    get timers() {
      return ticks.size;
    },
  };
}
