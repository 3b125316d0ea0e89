import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code `@cortex-os/plugin-memory` throws, with what it means and how to solve it.
 *
 * Codes are `AREA_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/errors/memoryErrorCatalogue.test.ts`.
 * Retired codes: none yet.
 * @public
 */
export const memoryErrorCatalogue = defineErrorCatalogue('MEMORY', {
  MEMORY_INPUT_INVALID: {
    kind: 'invalid-input',
    message: 'invalid {what}: {issues}',
    description: 'A memory, patch, query or option failed its schema; every failing field is listed in `details.issues`.',
    solution: 'Fix the value at each listed path.',
  },
  MEMORY_NOT_FOUND: {
    kind: 'not-found',
    message: 'no memory with id {id}.',
    description: 'No memory has the given id (it was never stored, or was deleted or expired).',
    solution: 'Check the id; use `list` or `search` to find current memories.',
  },
  MEMORY_EMBEDDING_MODEL_MISMATCH: {
    kind: 'conflict',
    message: 'the store is indexed with {indexed}, but the embedder returned {given}.',
    description: "The embedder returned vectors of a different model or dimension count than the store's index was built with.",
    solution:
      'Use the embedding model the store was indexed with (see `stats().embedding`), or call `reindex({ embed })` to re-embed every memory with the new model.',
  },
  MEMORY_EMBEDDER_MISSING: {
    kind: 'unavailable',
    message: '{operation} needs vectors, but the store was opened without an embed function.',
    description: 'A semantic or hybrid operation needs vectors but the store was opened without an `embed` function.',
    solution: 'Pass `embed` to the store factory, or search with `mode: "keyword"`.',
  },
  MEMORY_EMBEDDING_INVALID: {
    kind: 'upstream-failed',
    message: 'the embedder returned {problem}.',
    description:
      'The embedder returned the wrong number of vectors, or vectors with a length other than `dimensions` or non-finite values.',
    solution: 'Fix the embedder: one finite vector of `dimensions` numbers per input text.',
  },
  MEMORY_CONTENT_TYPE_MISMATCH: {
    kind: 'unsupported-media-type',
    message: 'the content is {detected}, not the declared {declared}.',
    description:
      "The bytes' detected type does not belong to the declared modality or media type (e.g. an executable declared as an image).",
    solution: 'Declare the modality and media type that the content really has; nothing was stored.',
  },
  MEMORY_CONTENT_TYPE_NOT_ALLOWED: {
    kind: 'unsupported-media-type',
    message: '{mediaType} is not an allowed {modality} type.',
    description: 'The content type is valid for its modality but not in the allow-list.',
    solution: 'Convert the content to an allowed type, or extend `allowedMediaTypes` in the store options.',
  },
  MEMORY_CONTENT_UNRECOGNISED: {
    kind: 'unsupported-media-type',
    message: 'the {modality} content has no recognisable header.',
    description: 'The bytes have no recognisable header (corrupt, truncated or not a media file).',
    solution: 'Send the complete, valid file; nothing was stored.',
  },
  MEMORY_CONTENT_TOO_LARGE: {
    kind: 'payload-too-large',
    message: 'the {modality} content is {size} bytes, over the limit of {limit}.',
    description: 'The content is larger than the size limit of its modality.',
    solution: 'Shrink the content, or raise `maxContentBytes` for that modality in the store options.',
  },
  MEMORY_STORE_CLOSED: {
    kind: 'unavailable',
    message: 'the memory store is closed.',
    description: 'The store was used after `close()`.',
    solution: 'Open a new store; do not keep references to closed stores.',
  },
  MEMORY_STORE_CORRUPT: {
    kind: 'internal',
    message: 'the memory database is corrupt: {reason}',
    description: 'The database failed `PRAGMA integrity_check` or has a schema this version cannot read.',
    solution: 'Restore the database file from a backup; the vector index is derived and is rebuilt on open.',
  },
  MEMORY_PGVECTOR_MISSING: {
    kind: 'unavailable',
    message: 'the PostgreSQL server has no usable pgvector extension: {reason}',
    description:
      'The PostgreSQL server has no pgvector extension (or one older than 0.5.0, which has no HNSW), or pgvector is not enabled in the database and this user may not enable it.',
    solution:
      'Install pgvector on the server (e.g. `apt install postgresql-15-pgvector` from the PostgreSQL apt repository; Debian 12 itself has no package) and run `CREATE EXTENSION vector` once as a superuser, or use the SQLite store.',
  },
  MEMORY_STORE_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'the memory store "{store}" cannot be opened: {reason}',
    description: 'The configured store cannot be opened: its kind is not available in this installation, or its server is unreachable.',
    solution: 'Use `store: { kind: "sqlite" }` (the embedded default), or install and configure the store kind named in the message.',
  },
  MEMORY_STORAGE_FULL: {
    kind: 'insufficient-storage',
    message: 'the memory store cannot write: its disk is full ({reason}); nothing of this write was stored.',
    description: 'The disk holding the memory database is full (or over quota); the write was rolled back and nothing of it was stored.',
    solution:
      'Free space on the disk of the data folder (or raise the quota); writes work again as soon as there is room, without a restart.',
  },
  MEMORY_STORAGE_UNWRITABLE: {
    kind: 'unavailable',
    message: 'the memory store cannot write to its data folder ({reason}); nothing of this write was stored.',
    description:
      'The data folder or its database cannot be written (missing, read-only file system, no permission); nothing of the write was stored.',
    solution:
      'Make the data folder writable again (remount read-write, fix its permissions or recreate it); writes work again without a restart.',
  },
  MEMORY_DATA_DIR_REMOVED: {
    kind: 'unavailable',
    message:
      'the data folder {dataDir} was removed or replaced while the store had it open; writes are refused until the store is reopened.',
    description:
      'The open database file is no longer the file at its path (the data folder was deleted, moved or replaced), so writes would go to a file nobody can read again; they are refused.',
    solution: 'Restore the data folder (from a backup) and restart the process, or restart it on a new, empty folder.',
  },
  MEMORY_DATA_DIR_LOCKED: {
    kind: 'unavailable',
    message:
      'the data folder {dataDir} is in use by {holder}; one process owns a data folder. Give this store a separate folder (dataDir), stop the other process, or open it with readOnly: true.',
    description:
      "Another memory store (in this or another process) has the data folder open; two writers would each miss the other's writes in their indexes.",
    solution:
      'Give each process its own data folder (`dataDir`), stop the process named in the message, or open the store with `readOnly: true`.',
  },
  MEMORY_STORE_READ_ONLY: {
    kind: 'unavailable',
    message: 'the memory store is open read-only: {reason}.',
    description:
      'The store was opened with `readOnly: true` (another process owns its data folder), so it refuses writes, or the database needs a migration that only a writer can run; or the PostgreSQL database accepts no writes (a read-only session or role, or a standby server): `details.operation` names the refused operation and `details.sqlState` the SQLSTATE.',
    solution:
      'Write through the process that owns the data folder, or open the store without `readOnly` once that process has stopped; for PostgreSQL, connect to the primary with a role that may write.',
  },
  MEMORY_LIMIT_EXCEEDED: {
    kind: 'payload-too-large',
    message: '{what} is {actual}, over the {limit} limit of {max}.',
    description:
      "A request is over one of the store's protective limits (metadata bytes or keys, batch bytes, tags per filter); `details.limit` names it.",
    solution: "Send less (split the batch, trim the metadata, fewer filter tags), or raise that limit in the store's `limits` option.",
  },
  MEMORY_CURSOR_INVALID: {
    kind: 'invalid-input',
    message: 'the list cursor was not produced by this store, or was altered.',
    description: 'A `list` cursor was not produced by this store, or was altered.',
    solution: 'Pass back the `nextCursor` of the previous page unchanged, or start again without a cursor.',
  },
});

/**
 * A code from {@link memoryErrorCatalogue}.
 * @public
 */
export type MemoryErrorCode = keyof typeof memoryErrorCatalogue;
