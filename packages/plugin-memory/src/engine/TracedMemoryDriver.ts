import { CortexError } from '@cortex-os/kernel';
import { isTracingActive } from '@cortex-os/kernel/tracing';
import { type Attributes, context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Memory, MemoryFilter, MemoryRevision } from '../schema/memorySchemas.js';
import type { LongTermStatsCounts } from '../store/buildLongTermStats.js';
import type { MemoryIntegrityReport } from '../store/MemoryStore.js';
import type {
  MemoryDriverInsert,
  MemoryDriverUpdate,
  MemoryEmbeddingShape,
  MemoryReindexed,
  MemoryReindexRow,
  MemoryReindexSource,
  MemorySearchSession,
  MemoryStoreDriver,
} from './MemoryStoreDriver.js';

// Looked up per span, not once at load: a tracer taken from the global provider before the host
// registers (or re-registers) an SDK would stay bound to the provider it came from.
const tracer = () => trace.getTracer('@cortex-os/plugin-memory');

/** The database a driver talks to, as OpenTelemetry's `db.system.name` spells it. */
export type MemoryDbSystem = 'sqlite' | 'postgresql';

/**
 * A storage driver whose every operation is an OpenTelemetry CLIENT span after the database
 * semantic conventions (`<operation> memories`, `db.system.name`, `db.operation.name`,
 * `db.collection.name`), and whose search session's steps (semantic, keyword, cosines, rows)
 * are child spans of the search, so a trace of a memory search shows where its time went.
 * No statement text is recorded (it would carry memory content). With no SDK registered each
 * call goes straight to the driver.
 */
export class TracedMemoryDriver implements MemoryStoreDriver {
  readonly #driver: MemoryStoreDriver;
  readonly #attributes: Attributes;
  readonly maxDimensions?: MemoryStoreDriver['maxDimensions'];

  constructor(driver: MemoryStoreDriver, system: MemoryDbSystem, namespace?: string) {
    this.#driver = driver;
    this.#attributes = {
      'db.system.name': system,
      'db.collection.name': 'memories',
      ...(namespace === undefined ? {} : { 'db.namespace': namespace }),
    };
    if (driver.maxDimensions !== undefined) this.maxDimensions = driver.maxDimensions;
  }

  embedding(): MemoryEmbeddingShape | undefined {
    return this.#driver.embedding();
  }

  storing(): () => void {
    return this.#driver.storing?.() ?? (() => {});
  }

  insert(batch: MemoryDriverInsert): Promise<void> {
    return this.#span('insert', () => this.#driver.insert(batch), { 'db.operation.batch.size': batch.memories.length });
  }

  get(id: string, at: number): Promise<Memory | undefined> {
    return this.#span('get', () => this.#driver.get(id, at));
  }

  update(change: MemoryDriverUpdate): Promise<Memory> {
    return this.#span('update', () => this.#driver.update(change));
  }

  delete(id: string): Promise<boolean> {
    return this.#span('delete', () => this.#driver.delete(id));
  }

  history(id: string): Promise<readonly MemoryRevision[]> {
    return this.#span('history', () => this.#driver.history(id));
  }

  list(filter: MemoryFilter, before: string | undefined, limit: number, at: number): Promise<readonly Memory[]> {
    return this.#span('list', () => this.#driver.list(filter, before, limit, at));
  }

  search<T>(at: number, work: (session: MemorySearchSession) => Promise<T>): Promise<T> {
    if (!isTracingActive()) return this.#driver.search(at, work);
    return this.#span('search', () => this.#driver.search(at, (session) => work(this.#tracedSession(session))));
  }

  stats(at: number): Promise<LongTermStatsCounts> {
    return this.#span('stats', () => this.#driver.stats(at));
  }

  reindexRows(source: MemoryReindexSource): AsyncIterable<readonly MemoryReindexRow[]> {
    return this.#driver.reindexRows(source);
  }

  replaceVectors(
    vectors: Map<number, MemoryReindexed>,
    model: MemoryEmbeddingShape,
    reembed: (rows: readonly MemoryReindexRow[]) => Promise<void>,
    source: MemoryReindexSource,
  ): Promise<number> {
    return this.#span('reindex', () => this.#driver.replaceVectors(vectors, model, reembed, source));
  }

  checkIntegrity(): Promise<MemoryIntegrityReport> {
    return this.#span('check_integrity', () => this.#driver.checkIntegrity());
  }

  close(): Promise<void> {
    return this.#driver.close();
  }

  #tracedSession(session: MemorySearchSession): MemorySearchSession {
    return {
      semantic: (vector, shape, k, filter) =>
        this.#span('search.semantic', () => session.semantic(vector, shape, k, filter), { 'db.query.top_k': k }),
      keyword: (query, k, filter) => this.#span('search.keyword', () => session.keyword(query, k, filter), { 'db.query.top_k': k }),
      cosines: (vector, keys) =>
        this.#span('search.cosines', () => session.cosines(vector, keys), { 'db.operation.batch.size': keys.length }),
      rows: (keys) => this.#span('search.rows', () => session.rows(keys), { 'db.operation.batch.size': keys.length }),
    };
  }

  async #span<T>(operation: string, run: () => Promise<T>, extra: Attributes = {}): Promise<T> {
    if (!isTracingActive()) return run();
    const span = tracer().startSpan(`${operation} memories`, {
      kind: SpanKind.CLIENT,
      attributes: { ...this.#attributes, 'db.operation.name': operation, ...extra },
    });
    try {
      return await context.with(trace.setSpan(context.active(), span), run);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  }
}

/** Records the error's code (a Cortex code, else the class name), never a raw database message. */
function failed(span: Span, error: unknown): void {
  const type = error instanceof CortexError ? error.code : error instanceof Error ? error.name : 'unknown';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}
