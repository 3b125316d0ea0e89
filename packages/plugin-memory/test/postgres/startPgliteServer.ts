import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A PGlite database with pgvector served over the PostgreSQL wire protocol on 127.0.0.1. */
export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Milliseconds it took to create the database and start listening. */
  readonly startMs: number;
  stop(): Promise<void>;
}

/**
 * Starts one in-memory PGlite (with `@electric-sql/pglite-pgvector`) behind
 * `@electric-sql/pglite-socket` on a free port of 127.0.0.1. Creating it takes seconds, so a
 * test file starts it once in `beforeAll` and gives each store its own schema. PGlite has one
 * session: the server multiplexes connections query by query and lets a connection that is in
 * a transaction finish it before serving another one, so stores keep their pools small.
 */
export async function startPgliteServer(): Promise<PgliteServer> {
  const started = performance.now();
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  if (!address.startsWith('127.0.0.1:')) throw new Error(`the PGlite server listens on ${address}, not on 127.0.0.1`);
  return {
    url: `postgres://postgres@${address}/postgres`,
    startMs: performance.now() - started,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
