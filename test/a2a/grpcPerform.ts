// One A2A operation over the gRPC binding, for the conformance table: @a2a-js/sdk's own gRPC
// client (GrpcTransport) against the runtime's gRPC interface, its answers as v1.0 JSON and its
// typed errors by the names the other bindings give them.
import {
  AgentCard,
  CancelTaskRequest,
  GetTaskRequest,
  ListTasksRequest,
  ListTasksResponse,
  SendMessageRequest,
  Task,
  TaskPushNotificationConfig,
  Message,
} from '@a2a-js/sdk';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { httpCall } from '../support/httpCall.js';

/** What the conformance table asks (see conformance.test.ts). */
interface GrpcCall {
  readonly operation: 'SendMessage' | 'GetTask' | 'ListTasks' | 'CancelTask' | 'CreateTaskPushNotificationConfig';
  readonly params: Record<string, unknown>;
  readonly version?: string;
}

type GrpcOutcome =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly error: string; readonly http: number };

/** The SDK error class names that differ from the A2A error names. */
const renamed: Readonly<Record<string, string>> = { REQUEST_MALFORMED: 'INVALID_PARAMS' };

/** `TaskNotFoundError` → `TASK_NOT_FOUND`. */
function errorName(error: unknown): string {
  const name = error instanceof Error ? error.name : String(error);
  const snake = name
    .replace(/Error$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
  return renamed[snake] ?? snake;
}

/** The runtime's gRPC transport, from its v1.0 card. */
async function transportOf(base: string) {
  const json = JSON.parse((await httpCall(`${base}/.well-known/agent-card.json`, 'GET', { 'a2a-version': '1.0' })).body) as unknown;
  const card = AgentCard.fromJSON(json);
  const grpc = card.supportedInterfaces.find((i) => i.protocolBinding === 'GRPC');
  if (grpc === undefined) throw new Error('the card lists no GRPC interface');
  return new GrpcTransportFactory().create(grpc.url, card);
}

/** Runs `call` over gRPC against the runtime at `base`. */
export async function grpcPerform(base: string, call: GrpcCall): Promise<GrpcOutcome> {
  const transport = await transportOf(base);
  const options = { serviceParameters: { 'a2a-version': call.version ?? '1.0' } };
  const { params } = call;
  try {
    switch (call.operation) {
      case 'SendMessage': {
        const result = await transport.sendMessage(SendMessageRequest.fromJSON(params), options);
        return { ok: true, value: 'messageId' in result ? { message: Message.toJSON(result) } : { task: Task.toJSON(result) } };
      }
      case 'GetTask':
        return {
          ok: true,
          value: Task.toJSON(await transport.getTask(GetTaskRequest.fromJSON(params), options)) as Record<string, unknown>,
        };
      case 'ListTasks':
        return {
          ok: true,
          value: ListTasksResponse.toJSON(await transport.listTasks(ListTasksRequest.fromJSON(params), options)) as Record<string, unknown>,
        };
      case 'CancelTask':
        return {
          ok: true,
          value: Task.toJSON(await transport.cancelTask(CancelTaskRequest.fromJSON(params), options)) as Record<string, unknown>,
        };
      case 'CreateTaskPushNotificationConfig': {
        const created = await transport.createTaskPushNotificationConfig(TaskPushNotificationConfig.fromJSON(params), options);
        return { ok: true, value: TaskPushNotificationConfig.toJSON(created) as Record<string, unknown> };
      }
    }
  } catch (error) {
    return { ok: false, error: errorName(error), http: Number((error as { code?: unknown }).code ?? 0) };
  }
}
