import { type HttpService, httpResponse } from '@cortex-os/http-api';
import { z } from 'zod';
import type { EventsService } from '../plugin/EventsService.js';

const typeParams = z.strictObject({ type: z.string().min(1).max(200) });
const publishBody = z.strictObject({
  id: z.string().min(1).max(200).optional(),
  source: z.string().min(1).max(500).optional(),
  subject: z.string().max(500).optional(),
  correlationid: z.string().min(1).max(200).optional(),
  data: z.unknown(),
});
const instant = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));
const listQuery = z.strictObject({
  type: z.string().min(1).max(200).optional(),
  source: z.string().min(1).max(500).optional(),
  since: instant.optional(),
  until: instant.optional(),
  correlationid: z.string().min(1).max(200).optional(),
  after: z.string().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * Mounts the seed's event endpoints at the root (beside `/a2a/jsonrpc` and `/a2a/rest`, which
 * the A2A protocol serves): `POST /a2a/events/{type}` publishes an event validated against its
 * contract (201, or 200 with the first event for a repeated `id` + `source`), `GET /a2a/events`
 * queries the durable log with cursor pagination. Both follow the server's authentication.
 * @public
 */
export function mountEventRoutes(http: HttpService, service: EventsService): void {
  http.route({
    method: 'POST',
    path: '/a2a/events/:type',
    params: typeParams,
    body: publishBody,
    description:
      'Publishes an event of a registered type (body: `data`, and optionally the CloudEvents `id`, `source`, `subject`, `correlationid`); 201 once it is in the durable log, 200 with the first event for a repeated `id` + `source`.',
    async handler(ctx) {
      const { event, duplicate } = await service.publish(ctx.params.type, ctx.body);
      return httpResponse({ status: duplicate ? 200 : 201, body: event });
    },
  });
  http.route({
    method: 'GET',
    path: '/a2a/events',
    query: listQuery,
    description:
      'Queries the durable event log, oldest first: `type` (`memory.stored`, `memory.*`), `source`, `since`/`until` (RFC 3339), `correlationid`, `limit` (≤ 1000), `after` (the `next` of the previous page).',
    handler: (ctx) => {
      const { correlationid, ...query } = ctx.query;
      return service.log.query({ ...query, correlationId: correlationid });
    },
  });
}
