// Root-level integration tests (test/tasks/) cannot resolve this package's dependencies
// themselves under pnpm, so they take `pg` from here.
import pg from 'pg';

export { pg };
