import { fetchWithDeadline, type ProviderHttpProfile, type ProviderHttpRequest, type RequestDeadline } from '@cortex-os/provider-kit';

/** A request sent through {@link streamWithDeadline}: `read` yields items instead of returning a value. */
export interface StreamingHttpRequest<T> extends Omit<ProviderHttpRequest<void>, 'read'> {
  /** Reads a 2xx response as items; call `deadline.touch()` per chunk (or use `readResponseChunks`). */
  readonly read: (response: Response, deadline: RequestDeadline) => AsyncIterable<T>;
}

interface Settleable<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

// Promise.withResolvers is ES2024; the packages target ES2023.
function settleable<T>(): Settleable<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface OpenedStream<T> {
  readonly items: AsyncIterator<T>;
  readonly deadline: RequestDeadline;
}

/**
 * Sends one request through provider-kit's `fetchWithDeadline` and yields what `read` yields, so a
 * streamed body keeps its deadlines and error mapping (unreachable, HTTP status, timeout, broken
 * connection) while the caller pulls items one by one.
 *
 * @remarks
 * `fetchWithDeadline` reads a body inside its own call; here its `read` hands the body's iterator
 * out and waits until the caller is done with it, and an error met while iterating is handed back
 * in so that `fetchWithDeadline` maps it. The idle deadline measures the server's silence only:
 * it restarts whenever the caller asks for the next item, so a slow consumer is not a stalled
 * server. Nothing is sent until the first item is asked for; leaving the loop early closes the
 * body (and with it the connection).
 */
export async function* streamWithDeadline<T>(
  profile: ProviderHttpProfile,
  request: StreamingHttpRequest<T>,
): AsyncGenerator<T, void, undefined> {
  const opened = settleable<OpenedStream<T>>();
  const consumed = settleable<undefined>();
  const finished = fetchWithDeadline(profile, {
    ...request,
    read: async (response, deadline) => {
      opened.resolve({ items: request.read(response, deadline)[Symbol.asyncIterator](), deadline });
      await consumed.promise;
    },
  });
  // `finished` settles first when the request fails before a body arrives; it cannot resolve before `read` ran.
  const { items, deadline } = await Promise.race([opened.promise, finished.then(() => opened.promise)]);
  let outcome: 'read' | 'failed' | 'left' = 'left';
  try {
    for (let next = await items.next(); next.done !== true; next = await items.next()) {
      yield next.value;
      deadline.touch();
    }
    outcome = 'read';
  } catch (error) {
    outcome = 'failed';
    consumed.reject(error);
  } finally {
    if (outcome === 'left') await items.return?.();
    if (outcome !== 'failed') consumed.resolve(undefined);
    // Throws the mapped error when iterating failed.
    await finished;
  }
}
