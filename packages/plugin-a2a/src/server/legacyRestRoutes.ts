import type { ServerResponse } from 'node:http';
import { LegacyRestTransportHandler, toLegacyHTTPError } from '@a2a-js/sdk/compat/v0_3/server';
import { isJsonRpcError, restStatusFor } from '@a2a-js/sdk/errors';
import type { A2ARequestHandler, ServerCallContext } from '@a2a-js/sdk/server';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import type { Disposer } from '@cortex-os/kernel';
import { legacyCardToJson } from './legacyProtoCardJson.js';
import {
  type JsonObject,
  legacySendParamsFromJson,
  legacySendResultToJson,
  legacyStreamEventToJson,
  legacyTaskPushConfigFromJson,
  legacyTaskPushConfigToJson,
  legacyTaskToJson,
} from './legacyProtoJson.js';
import { streamSse } from './streamSse.js';

/** What a 0.3 route reads. */
export interface LegacyRouteContext {
  readonly res: ServerResponse;
  readonly body: JsonObject;
  readonly query: URLSearchParams;
  readonly context: ServerCallContext;
  readonly params: readonly string[];
}

/** A 0.3 route: method, path pattern under the binding's prefix, and its answer. */
export type LegacyRoute = readonly [string, RegExp, (ctx: LegacyRouteContext) => Promise<void>];

type Handler = LegacyRestTransportHandler;
type SendParams = Parameters<Handler['sendMessage']>[0];
type PushConfig = Parameters<Handler['setTaskPushNotificationConfig']>[0];

/** HTTP statuses of the JSON-RPC envelope errors, which have no A2A error of their own (as the SDK's 0.3 router maps them). */
const ENVELOPE_STATUS: Readonly<Record<number, number>> = { [-32700]: 400, [-32600]: 400, [-32601]: 501, [-32602]: 400, [-32603]: 500 };

function legacyStatus(error: unknown): number {
  return (isJsonRpcError(error) ? ENVELOPE_STATUS[error.envelopeCode] : undefined) ?? restStatusFor(error);
}

function sendLegacy(res: ServerResponse, status: number, value: unknown): void {
  if (status === 204) {
    res.writeHead(204).end();
    return;
  }
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The bare 0.3 error body `{ code, message, data? }`; an internal error's message is replaced (it may hold paths or stack frames). */
function legacyErrorBody(error: unknown): unknown {
  const status = legacyStatus(error);
  return status >= 500 ? { code: -32603, message: 'Internal error' } : toLegacyHTTPError(error);
}

/** Answers an error of a 0.3 route with the 0.3 REST error body and the A2A error's HTTP status. */
export function sendLegacyError(res: ServerResponse, error: unknown): void {
  sendLegacy(res, legacyStatus(error), legacyErrorBody(error));
}

/**
 * The A2A 0.3 HTTP+JSON routes (`/v1/card`, `/v1/message:send`, `/v1/message:stream`,
 * `/v1/tasks/{id}`, `/v1/tasks/{id}:cancel`, `/v1/tasks/{id}:subscribe` and the push notification
 * configs), the paths of `@a2a-js/sdk`'s Express `legacyRestRouter`, over its framework-agnostic
 * `LegacyRestTransportHandler`: the 0.3 proto JSON in and out, the v1.0 request handler behind.
 */
export function legacyRestRoutes(
  requestHandler: A2ARequestHandler,
  trackStream: ((stream: HttpTrackedStream) => Disposer) | undefined,
): LegacyRoute[] {
  const handler = new LegacyRestTransportHandler(requestHandler);
  const stream = async (res: ServerResponse, events: Promise<AsyncGenerator<unknown, void, undefined>>) =>
    streamSse(res, await events, legacyStreamEventToJson, legacyErrorBody, trackStream, (error) => sendLegacyError(res, error));
  const sendParams = (body: JsonObject) => legacySendParamsFromJson(body) as unknown as SendParams;
  const resubscribe = async ({ res, params, context }: LegacyRouteContext) => stream(res, handler.resubscribe(params[0] ?? '', context));
  return [
    [
      'GET',
      /^\/v1\/card$/,
      async ({ res, context }) => sendLegacy(res, 200, legacyCardToJson(await handler.getAuthenticatedExtendedAgentCard(context))),
    ],
    [
      'POST',
      /^\/v1\/message:send$/,
      async ({ res, body, context }) => sendLegacy(res, 201, legacySendResultToJson(await handler.sendMessage(sendParams(body), context))),
    ],
    ['POST', /^\/v1\/message:stream$/, async ({ res, body, context }) => stream(res, handler.sendMessageStream(sendParams(body), context))],
    ['GET', /^\/v1\/tasks\/([^/:]+):subscribe$/, resubscribe],
    ['POST', /^\/v1\/tasks\/([^/:]+):subscribe$/, resubscribe],
    [
      'POST',
      /^\/v1\/tasks\/([^/:]+):cancel$/,
      async ({ res, params, context }) => sendLegacy(res, 200, legacyTaskToJson(await handler.cancelTask(params[0] ?? '', context))),
    ],
    [
      'GET',
      /^\/v1\/tasks\/([^/:]+)$/,
      async ({ res, params, query, context }) => {
        const historyLength = query.get('historyLength') ?? query.get('history_length') ?? undefined;
        sendLegacy(res, 200, legacyTaskToJson(await handler.getTask(params[0] ?? '', context, historyLength)));
      },
    ],
    [
      'POST',
      /^\/v1\/tasks\/([^/:]+)\/pushNotificationConfigs$/,
      async ({ res, params, body, context }) => {
        const config = legacyTaskPushConfigFromJson(body, params[0] ?? '') as unknown as PushConfig;
        sendLegacy(res, 201, legacyTaskPushConfigToJson(await handler.setTaskPushNotificationConfig(config, context)));
      },
    ],
    [
      'GET',
      /^\/v1\/tasks\/([^/:]+)\/pushNotificationConfigs$/,
      async ({ res, params, context }) => {
        const configs = await handler.listTaskPushNotificationConfigs(params[0] ?? '', context);
        sendLegacy(res, 200, configs.length === 0 ? {} : { configs: configs.map(legacyTaskPushConfigToJson) });
      },
    ],
    [
      'GET',
      /^\/v1\/tasks\/([^/:]+)\/pushNotificationConfigs\/([^/]+)$/,
      async ({ res, params, context }) =>
        sendLegacy(
          res,
          200,
          legacyTaskPushConfigToJson(await handler.getTaskPushNotificationConfig(params[0] ?? '', params[1] ?? '', context)),
        ),
    ],
    [
      'DELETE',
      /^\/v1\/tasks\/([^/:]+)\/pushNotificationConfigs\/([^/]+)$/,
      async ({ res, params, context }) => {
        await handler.deleteTaskPushNotificationConfig(params[0] ?? '', params[1] ?? '', context);
        sendLegacy(res, 204, undefined);
      },
    ],
  ];
}
