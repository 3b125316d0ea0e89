import { RequestMalformedError } from '@a2a-js/sdk/errors';

/**
 * The A2A 0.3 HTTP+JSON wire form: the protobuf JSON mapping of the 0.3 `a2a.v1` proto (`content`
 * for a message's parts, `TASK_STATE_*` and `ROLE_*` enums, `{ text }` / `{ file }` / `{ data }`
 * parts, oneof envelopes such as `{ task }` or `{ statusUpdate }`), to and from the 0.3 JSON-RPC
 * shapes the SDK's `LegacyRestTransportHandler` takes and returns (`kind` discriminators, `parts`,
 * lower-case states). `@a2a-js/sdk` 1.3 keeps its own codecs for this inside its Express bundle.
 */

/** A JSON object as read from a body or written to one. */
export type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw new RequestMalformedError(`${where} must be a JSON object`);
  return value;
}

/** The field under its proto JSON name, else its proto (snake_case) name, as the mapping allows both. */
function field(raw: JsonObject, camel: string): unknown {
  return raw[camel] ?? raw[camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];
}

function optionalString(raw: JsonObject, camel: string, where: string): string | undefined {
  const value = field(raw, camel);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new RequestMalformedError(`${where}.${camel} must be a string`);
  return value;
}

function strings(raw: JsonObject, camel: string, where: string): string[] | undefined {
  const value = field(raw, camel);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new RequestMalformedError(`${where}.${camel} must be an array of strings`);
  return value as string[];
}

function metadataOf(raw: JsonObject, where: string): { metadata?: JsonObject } {
  const value = raw.metadata;
  if (value === undefined || value === null) return {};
  return { metadata: objectAt(value, `${where}.metadata`) };
}

/** `{ key: value }` when value is defined, else nothing: the 0.3 JSON leaves unset fields out. */
function present<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const ROLES: Readonly<Record<string, 'user' | 'agent'>> = { ROLE_USER: 'user', ROLE_AGENT: 'agent', 1: 'user', 2: 'agent' };

function partFromJson(value: unknown, where: string): JsonObject {
  const raw = objectAt(value, where);
  if (typeof raw.text === 'string') return { kind: 'text', text: raw.text };
  if (raw.file !== undefined) {
    const file = objectAt(raw.file, `${where}.file`);
    const mimeType = optionalString(file, 'mimeType', `${where}.file`);
    const uri = optionalString(file, 'fileWithUri', `${where}.file`);
    const bytes = optionalString(file, 'fileWithBytes', `${where}.file`);
    if (uri === undefined && bytes === undefined) throw new RequestMalformedError(`${where}.file needs fileWithUri or fileWithBytes`);
    return { kind: 'file', file: { ...(uri === undefined ? { bytes } : { uri }), ...present('mimeType', mimeType) } };
  }
  if (raw.data !== undefined) return { kind: 'data', data: objectAt(objectAt(raw.data, `${where}.data`).data, `${where}.data.data`) };
  throw new RequestMalformedError(`${where} must have text, file or data`);
}

/** A 0.3 proto JSON `Message` as the 0.3 JSON-RPC message. */
export function legacyMessageFromJson(value: unknown, where = 'message'): JsonObject {
  const raw = objectAt(value, where);
  const role = ROLES[String(raw.role)];
  if (role === undefined) throw new RequestMalformedError(`${where}.role must be ROLE_USER or ROLE_AGENT`);
  const content = raw.content ?? raw.parts;
  if (!Array.isArray(content)) throw new RequestMalformedError(`${where}.content must be an array of parts`);
  return {
    kind: 'message',
    messageId: optionalString(raw, 'messageId', where) ?? '',
    role,
    parts: content.map((part, index) => partFromJson(part, `${where}.content[${index}]`)),
    ...present('contextId', optionalString(raw, 'contextId', where)),
    ...present('taskId', optionalString(raw, 'taskId', where)),
    ...present('extensions', strings(raw, 'extensions', where)),
    ...metadataOf(raw, where),
  };
}

function pushConfigFromJson(value: unknown, where: string): JsonObject {
  const raw = objectAt(value, where);
  const url = optionalString(raw, 'url', where);
  if (url === undefined) throw new RequestMalformedError(`${where}.url is required`);
  const auth =
    raw.authentication === undefined || raw.authentication === null ? undefined : objectAt(raw.authentication, `${where}.authentication`);
  return {
    url,
    ...present('id', optionalString(raw, 'id', where)),
    ...present('token', optionalString(raw, 'token', where)),
    ...present(
      'authentication',
      auth === undefined
        ? undefined
        : {
            schemes: strings(auth, 'schemes', `${where}.authentication`) ?? [],
            ...present('credentials', optionalString(auth, 'credentials', `${where}.authentication`)),
          },
    ),
  };
}

/** A 0.3 proto JSON `SendMessageRequest` (`{ message | request, configuration, metadata }`) as 0.3 `MessageSendParams`. */
export function legacySendParamsFromJson(body: JsonObject): JsonObject {
  const message = body.message ?? body.request;
  if (message === undefined || message === null) throw new RequestMalformedError('message is required');
  const rawConfig =
    body.configuration === undefined || body.configuration === null ? undefined : objectAt(body.configuration, 'configuration');
  let configuration: JsonObject | undefined;
  if (rawConfig !== undefined) {
    const push = field(rawConfig, 'pushNotification');
    const history = field(rawConfig, 'historyLength');
    if (history !== undefined && history !== null && !Number.isInteger(Number(history)))
      throw new RequestMalformedError('configuration.historyLength must be an integer');
    configuration = {
      ...present('acceptedOutputModes', strings(rawConfig, 'acceptedOutputModes', 'configuration')),
      ...present('blocking', typeof rawConfig.blocking === 'boolean' ? rawConfig.blocking : undefined),
      ...present('historyLength', history === undefined || history === null ? undefined : Number(history)),
      ...present(
        'pushNotificationConfig',
        push === undefined || push === null ? undefined : pushConfigFromJson(push, 'configuration.pushNotification'),
      ),
    };
  }
  return { message: legacyMessageFromJson(message), ...present('configuration', configuration), ...metadataOf(body, 'request') };
}

/** A 0.3 proto JSON `TaskPushNotificationConfig` for the task of the path (the path names the task, not the body's `name`). */
export function legacyTaskPushConfigFromJson(body: JsonObject, taskId: string): JsonObject {
  const config = field(body, 'pushNotificationConfig');
  if (config === undefined || config === null) throw new RequestMalformedError('pushNotificationConfig is required');
  return { taskId, pushNotificationConfig: pushConfigFromJson(config, 'pushNotificationConfig') };
}

const STATES: Readonly<Record<string, string>> = {
  submitted: 'TASK_STATE_SUBMITTED',
  working: 'TASK_STATE_WORKING',
  'input-required': 'TASK_STATE_INPUT_REQUIRED',
  completed: 'TASK_STATE_COMPLETED',
  canceled: 'TASK_STATE_CANCELLED',
  failed: 'TASK_STATE_FAILED',
  rejected: 'TASK_STATE_REJECTED',
  'auth-required': 'TASK_STATE_AUTH_REQUIRED',
};

/** What the handler returns is the SDK's own 0.3 JSON: read it as plain JSON. */
function own(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | undefined {
  return values === undefined || values.length === 0 ? undefined : [...values];
}

function partToJson(value: unknown): JsonObject {
  const part = own(value);
  if (part.kind === 'text') return { text: part.text };
  if (part.kind === 'data') return { data: { data: part.data } };
  const file = own(part.file);
  return {
    file: {
      ...(typeof file.uri === 'string' ? { fileWithUri: file.uri } : { fileWithBytes: file.bytes }),
      ...present('mimeType', typeof file.mimeType === 'string' ? file.mimeType : undefined),
    },
  };
}

function messageToJson(value: unknown): JsonObject {
  const message = own(value);
  return {
    messageId: message.messageId,
    role: message.role === 'agent' ? 'ROLE_AGENT' : 'ROLE_USER',
    content: (message.parts as unknown[] | undefined)?.map(partToJson) ?? [],
    ...present('contextId', message.contextId || undefined),
    ...present('taskId', message.taskId || undefined),
    ...present('metadata', message.metadata),
    ...present('extensions', nonEmpty(message.extensions as string[] | undefined)),
  };
}

function statusToJson(value: unknown): JsonObject {
  const status = own(value);
  return {
    state: STATES[String(status.state)] ?? 'TASK_STATE_UNSPECIFIED',
    ...present('message', status.message === undefined ? undefined : messageToJson(status.message)),
    ...present('timestamp', status.timestamp),
  };
}

function artifactToJson(value: unknown): JsonObject {
  const artifact = own(value);
  return {
    artifactId: artifact.artifactId,
    parts: (artifact.parts as unknown[] | undefined)?.map(partToJson) ?? [],
    ...present('name', artifact.name || undefined),
    ...present('description', artifact.description || undefined),
    ...present('metadata', artifact.metadata),
    ...present('extensions', nonEmpty(artifact.extensions as string[] | undefined)),
  };
}

/** A 0.3 task as its proto JSON. */
export function legacyTaskToJson(value: unknown): JsonObject {
  const task = own(value);
  return {
    id: task.id,
    contextId: task.contextId,
    status: statusToJson(task.status),
    ...present('artifacts', nonEmpty((task.artifacts as unknown[] | undefined)?.map(artifactToJson))),
    ...present('history', nonEmpty((task.history as unknown[] | undefined)?.map(messageToJson))),
    ...present('metadata', task.metadata),
  };
}

/** A 0.3 `message/send` result as the proto JSON `SendMessageResponse` (`{ task }` or `{ message }`). */
export function legacySendResultToJson(value: unknown): JsonObject {
  return own(value).kind === 'message' ? { message: messageToJson(value) } : { task: legacyTaskToJson(value) };
}

/** A 0.3 stream event as the proto JSON `StreamResponse` (`task`, `message`, `statusUpdate` or `artifactUpdate`). */
export function legacyStreamEventToJson(value: unknown): JsonObject {
  const event = own(value);
  const ids = { taskId: event.taskId, contextId: event.contextId, ...present('metadata', event.metadata) };
  if (event.kind === 'status-update') return { statusUpdate: { ...ids, status: statusToJson(event.status), final: event.final === true } };
  if (event.kind === 'artifact-update')
    return {
      artifactUpdate: {
        ...ids,
        artifact: artifactToJson(event.artifact),
        append: event.append === true,
        lastChunk: event.lastChunk === true,
      },
    };
  return legacySendResultToJson(value);
}

/** A 0.3 task push notification config as its proto JSON (`{ name: 'tasks/{id}/pushNotificationConfigs/{configId}', pushNotificationConfig }`). */
export function legacyTaskPushConfigToJson(value: unknown): JsonObject {
  const config = own(value);
  const push = own(config.pushNotificationConfig);
  const auth = push.authentication === undefined ? undefined : own(push.authentication);
  return {
    name: `tasks/${String(config.taskId)}/pushNotificationConfigs/${String(push.id ?? '')}`,
    pushNotificationConfig: {
      url: push.url,
      ...present('id', push.id),
      ...present('token', push.token || undefined),
      ...present(
        'authentication',
        auth === undefined ? undefined : { schemes: auth.schemes ?? [], ...present('credentials', auth.credentials) },
      ),
    },
  };
}
