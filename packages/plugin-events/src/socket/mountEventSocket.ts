import type { IncomingMessage } from 'node:http';
import type { HttpService, HttpUpgradeContext } from '@cortex-os/http-api';
import type { EventBus, Logger } from '@cortex-os/kernel';
import { WebSocketServer } from 'ws';
import type { EventsService } from '../plugin/EventsService.js';
import { EventSocketSession } from './EventSocketSession.js';
import type { EventSocketOverflow } from './EventSocketSender.js';
import { recordedCovers } from './recordedCovers.js';

/**
 * Options of {@link mountEventSocket}.
 * @public
 */
export interface MountEventSocketOptions {
  /** The bus whose events subscribers receive. */
  readonly bus: EventBus;
  /** The events service (its log replays what a resuming subscriber missed). */
  readonly service: EventsService;
  /** Where failures are logged. */
  readonly logger: Logger;
  /** The recorder's patterns: a subscription they cover resumes from the log; others get a gap notice. */
  readonly record: readonly string[];
  /** Messages one connection may hold while its client is slow. */
  readonly maxBuffered: number;
  /** What happens when they are more. */
  readonly overflow: EventSocketOverflow;
}

/** The subprotocol the server speaks; a client offers it beside its `bearer.<token>`. */
const PROTOCOL = 'a2a.events.v1';
const PATTERN = /^(\*|[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?)$/i;
// Client messages are not part of the protocol: a small limit keeps a misbehaving client cheap.
const maxPayload = 4096;

/** The last event id a client resumes after: `Last-Event-ID` header or `lastEventId` query parameter. */
function lastEventIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers['last-event-id'];
  if (typeof header === 'string' && header !== '') return header;
  const query = new URL(req.url ?? '/', 'http://socket.invalid').searchParams.get('lastEventId');
  return query === null || query === '' ? undefined : query;
}

/**
 * Mounts `WS /a2a/events/{type}` (a type, `prefix.*` or `*`): each connection receives the bus's
 * matching events as JSON text frames — `{ kind: 'event', event }`, gap notices
 * `{ kind: 'gap', reason }` and `{ kind: 'live' }` once any replay is done. A client resumes
 * after its last event id (`Last-Event-ID` or `?lastEventId=`) from the durable log. The server's
 * upgrade checks apply (Origin allow-list, bearer token from `Authorization` or a
 * `Sec-WebSocket-Protocol` value `bearer.<token>`, never the query string); connections are
 * tracked streams, closed with 1001 when the server shuts down.
 * @public
 */
export function mountEventSocket(http: HttpService, options: MountEventSocketOptions): void {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload,
    // Echo our protocol when offered; never the bearer value (the router already removed it from the list).
    handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false),
  });
  http.mountUpgrade({
    path: '/a2a/events/:type',
    description:
      'WebSocket: the events of a type or pattern (memory.*), resumable after `Last-Event-ID` from the durable log; subprotocol a2a.events.v1.',
    handler(req, socket, head, context: HttpUpgradeContext) {
      const pattern = context.params['type'] ?? '';
      server.handleUpgrade(req, socket, head, (ws) => {
        if (!PATTERN.test(pattern)) {
          ws.close(1008, 'the path must name an event type, a prefix pattern (memory.*) or *');
          return;
        }
        const session = new EventSocketSession({
          sink: {
            send: (text, done) => ws.send(text, (error) => done(error ?? undefined)),
            close: (code, reason) => ws.close(code, reason),
          },
          bus: options.bus,
          service: options.service,
          logger: options.logger,
          pattern,
          logged: recordedCovers(options.record, pattern),
          lastEventId: lastEventIdOf(req),
          maxBuffered: options.maxBuffered,
          overflow: options.overflow,
        });
        const untrack = http.trackStream({
          description: `WebSocket /a2a/events/${pattern}`,
          end: () => session.close(1001, 'the server is shutting down'),
        });
        ws.on('close', () => {
          session.end();
          untrack();
        });
        ws.on('error', () => ws.terminate());
      });
    },
  });
}
