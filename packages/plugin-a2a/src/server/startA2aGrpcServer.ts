import { Server, ServerCredentials } from '@grpc/grpc-js';
import { A2AError } from '@a2a-js/sdk/errors';
import type { A2ARequestHandler } from '@a2a-js/sdk/server';
import { LegacyA2AService, legacyGrpcService } from '@a2a-js/sdk/compat/v0_3/server/grpc';
import { A2AService, grpcService, UserBuilder } from '@a2a-js/sdk/server/grpc';

/**
 * Options of {@link startA2aGrpcServer}.
 * @public
 */
export interface A2aGrpcServerOptions {
  /** The request handler, or a function giving it on the first call (the runtime builds it once it listens). */
  readonly requestHandler: A2ARequestHandler | (() => A2ARequestHandler);
  /** The interface to listen on (default `127.0.0.1`). */
  readonly host?: string | undefined;
  /** The port (`0` picks a free one). */
  readonly port: number;
}

/**
 * A running A2A gRPC server.
 * @public
 */
export interface A2aGrpcServer {
  /** Where clients reach it, `host:port` (the form the A2A card and `@a2a-js/sdk`'s gRPC client use). */
  readonly url: string;
  /** Stops it: refuses new calls and ends the running ones (streams included). */
  close(): void;
}

/** An error that is not an A2A error may name paths or stack frames of this process: callers get a fixed one. */
function safe(error: unknown): unknown {
  return error instanceof A2AError ? error : new Error('Internal error');
}

async function* safeStream<T>(stream: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  try {
    yield* stream;
  } catch (error) {
    throw safe(error);
  }
}

/**
 * The handler of every call: given at once, or built by the host on the first call; its failures
 * other than A2A errors reach the caller as a fixed internal error (the SDK's gRPC service sends
 * any error's message), as on the other bindings.
 */
function guardedHandler(given: A2aGrpcServerOptions['requestHandler']): A2ARequestHandler {
  const current = typeof given === 'function' ? given : () => given;
  return new Proxy({} as A2ARequestHandler, {
    get(_target, name) {
      const handler = current() as unknown as Record<PropertyKey, unknown>;
      const value = handler[name];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(handler, args);
        if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(safe(error)));
        return typeof result === 'object' && result !== null && Symbol.asyncIterator in result
          ? safeStream(result as AsyncGenerator<unknown, void, undefined>)
          : result;
      };
    },
  });
}

/**
 * Serves the A2A gRPC binding — v1.0 (`lf.a2a.v1.A2AService`) and 0.3 (`a2a.v1.A2AService`) — over
 * an SDK request handler, with `@a2a-js/sdk`'s own gRPC services (`grpcService`, `legacyGrpcService`)
 * on an `@grpc/grpc-js` server, so its answers are the JSON-RPC and HTTP+JSON bindings' answers
 * (one request handler behind all).
 *
 * @remarks
 * gRPC runs over HTTP/2 on its own port: the runtime's HTTP server and its edge-security module do
 * not see these calls, so callers are not authenticated (every call runs as the SDK's unauthenticated
 * user) — {@link a2aServerPlugin} serves it only with `auth: 'none'`. The channel is plaintext
 * (`ServerCredentials.createInsecure()`): put TLS in front of it outside a trusted network.
 * The `A2A-Version` is read from the call's metadata (`a2a-version`; none means 0.3) and checked
 * against the card's `GRPC` interfaces. Errors are the SDK's gRPC statuses with the A2A
 * `ErrorInfo`; an internal error has a fixed message.
 * @public
 */
export async function startA2aGrpcServer(options: A2aGrpcServerOptions): Promise<A2aGrpcServer> {
  const server = new Server();
  const service = { requestHandler: guardedHandler(options.requestHandler), userBuilder: UserBuilder.noAuthentication };
  server.addService(A2AService, grpcService(service));
  // The 0.3 service is another proto package (`a2a.v1`, not `lf.a2a.v1`): one server carries both.
  server.addService(LegacyA2AService, legacyGrpcService(service));
  const host = options.host ?? '127.0.0.1';
  const address = host.includes(':') ? `[${host}]` : host;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${address}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { url: `${address}:${port}`, close: () => server.forceShutdown() };
}
