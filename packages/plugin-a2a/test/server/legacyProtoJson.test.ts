// The 0.3 proto JSON codec of the HTTP+JSON binding's /v1 paths: what it writes it reads back,
// snake_case names are read too, and bad input is a RequestMalformedError naming the field.
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legacyCardToJson } from '../../src/server/legacyProtoCardJson.js';
import {
  legacyMessageFromJson,
  legacySendParamsFromJson,
  legacySendResultToJson,
  legacyStreamEventToJson,
  legacyTaskPushConfigFromJson,
  legacyTaskPushConfigToJson,
  legacyTaskToJson,
} from '../../src/server/legacyProtoJson.js';

const id = fc.string({ minLength: 1, maxLength: 12 });
const part = fc.oneof(
  fc.record({ kind: fc.constant('text'), text: fc.string() }),
  fc.record({ kind: fc.constant('data'), data: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue()) }),
  fc.record({ kind: fc.constant('file'), file: fc.record({ uri: fc.webUrl(), mimeType: fc.constantFrom('text/plain', 'image/png') }) }),
  fc.record({ kind: fc.constant('file'), file: fc.record({ bytes: fc.base64String({ minLength: 4 }) }) }),
);
const message = fc.record(
  {
    kind: fc.constant('message'),
    messageId: id,
    role: fc.constantFrom('user', 'agent'),
    parts: fc.array(part, { maxLength: 4 }),
    contextId: id,
    taskId: id,
    metadata: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue()),
    extensions: fc.array(fc.webUrl(), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['kind', 'messageId', 'role', 'parts'] },
);

describe('the 0.3 proto JSON codec', () => {
  it('reads back every message it writes', () => {
    fc.assert(
      fc.property(message, (original) => {
        const written = legacySendResultToJson(original) as { message: unknown };
        // Compared as JSON, which is what travels (fast-check may generate a -0 that JSON writes as 0).
        expect(legacyMessageFromJson(JSON.parse(JSON.stringify(written.message)))).toEqual(JSON.parse(JSON.stringify(original)));
      }),
      { seed: 2931, numRuns: 300 },
    );
  });

  it('writes tasks and stream events in the proto form (states, roles, oneof envelopes)', () => {
    const status = {
      state: 'canceled',
      timestamp: '2026-01-01T00:00:00Z',
      message: { kind: 'message', messageId: 'm', role: 'agent', parts: [] },
    };
    const task = {
      kind: 'task',
      id: 't',
      contextId: 'c',
      status,
      artifacts: [{ artifactId: 'a', parts: [{ kind: 'text', text: 'x' }] }],
      history: [],
    };
    expect(legacyTaskToJson(task)).toEqual({
      id: 't',
      contextId: 'c',
      status: {
        state: 'TASK_STATE_CANCELLED',
        timestamp: '2026-01-01T00:00:00Z',
        message: { messageId: 'm', role: 'ROLE_AGENT', content: [] },
      },
      artifacts: [{ artifactId: 'a', parts: [{ text: 'x' }] }],
    });
    expect(legacySendResultToJson(task)).toEqual({ task: legacyTaskToJson(task) });
    expect(
      legacyStreamEventToJson({ kind: 'status-update', taskId: 't', contextId: 'c', status: { state: 'working' }, final: false }),
    ).toEqual({
      statusUpdate: { taskId: 't', contextId: 'c', status: { state: 'TASK_STATE_WORKING' }, final: false },
    });
    expect(
      legacyStreamEventToJson({
        kind: 'artifact-update',
        taskId: 't',
        contextId: 'c',
        artifact: { artifactId: 'a', parts: [] },
        lastChunk: true,
      }),
    ).toEqual({
      artifactUpdate: { taskId: 't', contextId: 'c', artifact: { artifactId: 'a', parts: [] }, append: false, lastChunk: true },
    });
    expect(legacyStreamEventToJson(task)).toEqual({ task: legacyTaskToJson(task) });
  });

  it('reads a send request with its configuration, snake_case names included', () => {
    const params = legacySendParamsFromJson({
      request: { message_id: 'm', role: 'ROLE_USER', content: [{ text: 'hi' }], context_id: 'c' },
      configuration: {
        accepted_output_modes: ['text/plain'],
        blocking: true,
        history_length: '2',
        push_notification: { url: 'https://r.example/' },
      },
      metadata: { a: 1 },
    });
    expect(params).toEqual({
      message: { kind: 'message', messageId: 'm', role: 'user', parts: [{ kind: 'text', text: 'hi' }], contextId: 'c' },
      configuration: {
        acceptedOutputModes: ['text/plain'],
        blocking: true,
        historyLength: 2,
        pushNotificationConfig: { url: 'https://r.example/' },
      },
      metadata: { a: 1 },
    });
  });

  it('refuses malformed input with RequestMalformedError naming the field', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => legacySendParamsFromJson({}), /message is required/],
      [() => legacySendParamsFromJson({ message: 'x' }), /message must be a JSON object/],
      [() => legacySendParamsFromJson({ message: { role: 'ROLE_USER' } }), /message.content must be an array/],
      [() => legacySendParamsFromJson({ message: { role: 'ROLE_USER', content: [{ file: {} }] } }), /message.content\[0\].file needs/],
      [() => legacySendParamsFromJson({ message: { role: 'ROLE_USER', content: [], messageId: 3 } }), /message.messageId must be a string/],
      [
        () => legacySendParamsFromJson({ message: { role: 'ROLE_USER', content: [] }, configuration: { historyLength: 'x' } }),
        /historyLength/,
      ],
      [() => legacyTaskPushConfigFromJson({}, 't'), /pushNotificationConfig is required/],
      [() => legacyTaskPushConfigFromJson({ pushNotificationConfig: { id: 'c' } }, 't'), /pushNotificationConfig.url is required/],
    ];
    for (const [call, reason] of cases) {
      expect(call).toThrow(RequestMalformedError);
      expect(call).toThrow(reason);
    }
  });

  it('writes and reads push configs under the task of the path', () => {
    const config = {
      taskId: 't',
      pushNotificationConfig: { id: 'c', url: 'https://r.example/', token: 'k', authentication: { schemes: ['Bearer'], credentials: 's' } },
    };
    const json = legacyTaskPushConfigToJson(config);
    expect(json.name).toBe('tasks/t/pushNotificationConfigs/c');
    expect(legacyTaskPushConfigFromJson({ ...json, name: 'tasks/other/pushNotificationConfigs/c' }, 't')).toEqual(config);
  });

  it('writes a 0.3 card’s security in the proto form', () => {
    const card = {
      name: 'n',
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'd' }, key: { type: 'apiKey', name: 'k', in: 'header' } },
      security: [{ bearer: [] }],
      skills: [{ id: 's', security: [{ key: ['read'] }] }, { id: 'open' }],
    };
    expect(legacyCardToJson(card)).toEqual({
      name: 'n',
      securitySchemes: {
        bearer: { httpAuthSecurityScheme: { scheme: 'bearer', description: 'd' } },
        key: { apiKeySecurityScheme: { name: 'k', location: 'header' } },
      },
      security: [{ schemes: { bearer: {} } }],
      skills: [{ id: 's', security: [{ schemes: { key: { list: ['read'] } } }] }, { id: 'open' }],
    });
  });
});
