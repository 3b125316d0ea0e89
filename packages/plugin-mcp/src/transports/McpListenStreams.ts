import type { HttpTrackedStream } from '@cortex-os/http-api';
import type { Disposer } from '@cortex-os/kernel';
import {
  type FetchLikeMcpHandler,
  type NodeIncomingMessageLike,
  type NodeMcpRequestHandler,
  type NodeServerResponseLike,
  type ToNodeHandlerOptions,
  toNodeHandler,
} from '@modelcontextprotocol/node';

const LISTEN_METHOD = 'subscriptions/listen';

/** True for a 2026-07-28 `subscriptions/listen` request: its answer is a stream that stays open. */
export function isListenRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (body as { method?: unknown }).method === LISTEN_METHOD;
}

/**
 * Serves 2026-07-28 `subscriptions/listen` requests (internal) so that a host shutting down can
 * end their streams: each gets its own abort signal, which the SDK's listen router treats as the
 * end of the subscription (it closes the stream; the response ends cleanly), and is registered
 * with the host's `trackStream` while open. Other requests keep the shared Node adapter, and
 * without a host the streams end when the handler closes.
 */
export class McpListenStreams {
  readonly #handler: FetchLikeMcpHandler;
  readonly #options: ToNodeHandlerOptions;
  readonly #trackStream: (stream: HttpTrackedStream) => Disposer;

  constructor(handler: FetchLikeMcpHandler, options: ToNodeHandlerOptions, trackStream: (stream: HttpTrackedStream) => Disposer) {
    this.#handler = handler;
    this.#options = options;
    this.#trackStream = trackStream;
  }

  /** Serves one listen request; resolves once its stream has ended. */
  async serve(req: NodeIncomingMessageLike, res: NodeServerResponseLike & NodeJS.EventEmitter, body: unknown): Promise<void> {
    const stop = new AbortController();
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    const untrack = this.#trackStream({
      description: 'MCP subscriptions/listen stream',
      end: () => {
        stop.abort();
        return closed;
      },
    });
    try {
      await this.#adapter(stop.signal)(req, res, body);
    } finally {
      untrack();
    }
  }

  #adapter(stop: AbortSignal): NodeMcpRequestHandler {
    const inner = this.#handler;
    // The SDK's listen router ends the subscription when the request's signal aborts.
    const fetch: FetchLikeMcpHandler['fetch'] = (request, options) =>
      inner.fetch(new Request(request, { signal: AbortSignal.any([request.signal, stop]) }), options);
    return toNodeHandler({ fetch }, this.#options);
  }
}
