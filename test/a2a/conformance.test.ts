// A conformance table in the manner of the official A2A TCK (a Python suite that cannot run on the
// project's machines): each row names the TCK test it stands for (`<file>::<test>` under the TCK's
// tests/mandatory/) and is run over the three bindings, JSON-RPC 2.0, HTTP+JSON and gRPC, against a
// runtime on 127.0.0.1. The bindings must agree: the same task JSON, or the same A2A error (the
// JSON-RPC code, the REST ErrorInfo reason and the gRPC client's typed error naming one error).
import { describe, expect, it } from 'vitest';
import { httpCall } from '../support/httpCall.js';
import { grpcPerform } from './grpcPerform.js';
import { startA2aRuntime, waitScript } from './fixtures.js';

type Binding = 'jsonrpc' | 'rest' | 'grpc';
const bindings: readonly Binding[] = ['jsonrpc', 'rest', 'grpc'];
/** Every runtime of the table also serves gRPC (which needs open endpoints). */
const withGrpc = { grpc: { port: 0 }, auth: 'none' } as const;

/** What one operation came to: a result, or an A2A error by name (and the HTTP status it came with). */
type Outcome =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly error: string; readonly http: number };

/** The JSON-RPC codes of A2A's errors, by the name both bindings give them (REST: ErrorInfo `reason`). */
const errorByCode: Readonly<Record<number, string>> = {
  [-32700]: 'PARSE_ERROR',
  [-32600]: 'INVALID_REQUEST',
  [-32601]: 'METHOD_NOT_FOUND',
  [-32602]: 'INVALID_PARAMS',
  [-32001]: 'TASK_NOT_FOUND',
  [-32002]: 'TASK_NOT_CANCELABLE',
  [-32003]: 'PUSH_NOTIFICATION_NOT_SUPPORTED',
  [-32004]: 'UNSUPPORTED_OPERATION',
  [-32009]: 'VERSION_NOT_SUPPORTED',
};

/** A REST error's name: its ErrorInfo reason; a malformed request carries none and is INVALID_ARGUMENT (JSON-RPC's invalid params). */
function restError(body: { error?: { status?: string; details?: { reason?: string }[] } }): string {
  const reason = body.error?.details?.find((detail) => typeof detail.reason === 'string')?.reason;
  if (reason !== undefined) return reason === 'INVALID_REQUEST' ? 'INVALID_PARAMS' : reason;
  return body.error?.status === 'INVALID_ARGUMENT' ? 'INVALID_PARAMS' : String(body.error?.status);
}

interface Call {
  readonly operation: 'SendMessage' | 'GetTask' | 'ListTasks' | 'CancelTask' | 'CreateTaskPushNotificationConfig';
  readonly params: Record<string, unknown>;
  /** The `A2A-Version` header; `''` sends none (which means 0.3). Default `1.0`. */
  readonly version?: string;
}

/** The REST route of an operation: method, path under /a2a/rest, and body. */
function restRoute({ operation, params }: Call): [string, string, Record<string, unknown> | undefined] {
  const id = encodeURIComponent(String(params.id ?? params.taskId ?? ''));
  const query = new URLSearchParams(
    Object.entries(params).flatMap(([k, v]): [string, string][] => (k === 'id' ? [] : [[k, String(v)]])),
  ).toString();
  switch (operation) {
    case 'SendMessage':
      return ['POST', '/message:send', params];
    case 'GetTask':
      return ['GET', `/tasks/${id}${query === '' ? '' : `?${query}`}`, undefined];
    case 'ListTasks':
      return ['GET', `/tasks${query === '' ? '' : `?${query}`}`, undefined];
    case 'CancelTask':
      return ['POST', `/tasks/${id}:cancel`, {}];
    case 'CreateTaskPushNotificationConfig':
      return ['POST', `/tasks/${id}/pushNotificationConfigs`, { url: params.url }];
  }
}

async function perform(base: string, binding: Binding, call: Call): Promise<Outcome> {
  if (binding === 'grpc') return grpcPerform(base, call);
  const version = call.version ?? '1.0';
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(version === '' ? {} : { 'a2a-version': version }) };
  if (binding === 'jsonrpc') {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: call.operation, params: call.params });
    const answer = await httpCall(`${base}/a2a/jsonrpc`, 'POST', headers, body);
    const reply = JSON.parse(answer.body) as { result?: Record<string, unknown>; error?: { code: number } };
    if (reply.error === undefined) return { ok: true, value: reply.result ?? {} };
    return { ok: false, error: errorByCode[reply.error.code] ?? String(reply.error.code), http: answer.status };
  }
  const [method, path, body] = restRoute(call);
  const answer = await httpCall(`${base}/a2a/rest${path}`, method, headers, body === undefined ? undefined : JSON.stringify(body));
  const parsed = (answer.body === '' ? {} : JSON.parse(answer.body)) as Record<string, unknown>;
  if (answer.status < 300) return { ok: true, value: parsed };
  return { ok: false, error: restError(parsed), http: answer.status };
}

/** A message in v1.0 JSON. */
const message = (text: string) => ({ message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text }] } });
/** Answers at once with text (one model step per run): enough for every run of a row over both bindings. */
const answering = Array.from({ length: 6 }, () => ({ text: 'Sunny in Oslo.' }));

function task(outcome: Outcome): Record<string, unknown> {
  if (!outcome.ok) throw new Error(`expected a result, got ${outcome.error}`);
  return (outcome.value.task ?? outcome.value) as Record<string, unknown>;
}

function stateOf(outcome: Outcome): unknown {
  return (task(outcome).status as { state?: unknown } | undefined)?.state;
}

function failure(outcome: Outcome): { error: string; http: number } {
  if (outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome.value)}`);
  return { error: outcome.error, http: outcome.http };
}

interface Row {
  /** The TCK test the row stands for, `<file>::<test>` under tests/mandatory/. */
  readonly tck: string;
  readonly script?: 'answering' | 'waiting';
  /** Runs the row over one binding; returns what must be equal across bindings. */
  run(base: string, binding: Binding): Promise<unknown>;
  /** What the row's outcome must be (over each binding). */
  expected: unknown;
}

const rows: readonly Row[] = [
  {
    tck: 'protocol/test_message_send_method.py::test_message_send_valid_text',
    run: async (base, binding) => {
      const sent = task(await perform(base, binding, { operation: 'SendMessage', params: message('Weather in Oslo?') }));
      const artifacts = sent.artifacts as { parts: { text?: string }[] }[];
      return { state: (sent.status as { state: string }).state, text: artifacts.flatMap((a) => a.parts.map((p) => p.text)) };
    },
    expected: { state: 'TASK_STATE_COMPLETED', text: ['Sunny in Oslo.'] },
  },
  {
    tck: 'protocol/test_message_send_method.py::test_message_send_invalid_params',
    run: async (base, binding) =>
      failure(await perform(base, binding, { operation: 'SendMessage', params: { message: { role: 'ROLE_USER' } } })).error,
    expected: 'INVALID_PARAMS',
  },
  {
    tck: 'protocol/test_tasks_get_method.py::test_tasks_get_valid',
    run: async (base, binding) => {
      const id = task(await perform(base, binding, { operation: 'SendMessage', params: message('Weather?') })).id;
      const got = task(await perform(base, binding, { operation: 'GetTask', params: { id } }));
      return { same: got.id === id, state: (got.status as { state: string }).state, history: (got.history as unknown[]).length > 0 };
    },
    expected: { same: true, state: 'TASK_STATE_COMPLETED', history: true },
  },
  {
    tck: 'protocol/test_tasks_get_method.py::test_tasks_get_with_history_length',
    run: async (base, binding) => {
      const id = task(await perform(base, binding, { operation: 'SendMessage', params: message('Weather?') })).id;
      const got = task(await perform(base, binding, { operation: 'GetTask', params: { id, historyLength: 1 } }));
      return (got.history as unknown[]).length;
    },
    expected: 1,
  },
  {
    tck: 'protocol/test_tasks_get_method.py::test_tasks_get_nonexistent',
    run: async (base, binding) => failure(await perform(base, binding, { operation: 'GetTask', params: { id: 'no-such-task' } })),
    expected: { error: 'TASK_NOT_FOUND', http: expect.any(Number) },
  },
  {
    tck: 'protocol/test_tasks_cancel_method.py::test_tasks_cancel_valid',
    script: 'waiting',
    run: async (base, binding) => {
      const sent = await perform(base, binding, {
        operation: 'SendMessage',
        params: { ...message('Wait.'), configuration: { returnImmediately: true } },
      });
      const canceled = await perform(base, binding, { operation: 'CancelTask', params: { id: task(sent).id } });
      return stateOf(canceled);
    },
    expected: 'TASK_STATE_CANCELED',
  },
  {
    tck: 'protocol/test_tasks_cancel_method.py::test_tasks_cancel_nonexistent',
    run: async (base, binding) => failure(await perform(base, binding, { operation: 'CancelTask', params: { id: 'no-such-task' } })).error,
    expected: 'TASK_NOT_FOUND',
  },
  {
    tck: 'protocol/test_tasks_cancel_method.py::test_tasks_cancel_valid (a finished task is not cancelable)',
    run: async (base, binding) => {
      const id = task(await perform(base, binding, { operation: 'SendMessage', params: message('Weather?') })).id;
      return failure(await perform(base, binding, { operation: 'CancelTask', params: { id } })).error;
    },
    expected: 'TASK_NOT_CANCELABLE',
  },
  {
    tck: 'protocol/test_tasks_list_method.py (ListTasks by context)',
    run: async (base, binding) => {
      const first = task(await perform(base, binding, { operation: 'SendMessage', params: message('Weather?') }));
      const listed = await perform(base, binding, { operation: 'ListTasks', params: { contextId: String(first.contextId) } });
      if (!listed.ok) throw new Error(listed.error);
      return (listed.value.tasks as { id: string }[]).map((t) => t.id === first.id);
    },
    expected: [true],
  },
  {
    tck: 'jsonrpc/test_a2a_error_codes.py::test_push_notification_not_supported_error_32003',
    run: async (base, binding) =>
      failure(
        await perform(base, binding, {
          operation: 'CreateTaskPushNotificationConfig',
          params: { taskId: 't-1', url: 'https://example.org/hook' },
        }),
      ).error,
    expected: 'PUSH_NOTIFICATION_NOT_SUPPORTED',
  },
  {
    tck: 'protocol/test_a2a_v030_transport_compliance.py (A2A-Version 2.0 is VersionNotSupported, -32009)',
    run: async (base, binding) =>
      failure(await perform(base, binding, { operation: 'GetTask', params: { id: 't-1' }, version: '2.0' })).error,
    expected: 'VERSION_NOT_SUPPORTED',
  },
];

describe('A2A conformance table over JSON-RPC, HTTP+JSON and gRPC (TCK mandatory tests)', () => {
  for (const row of rows) {
    it(row.tck, async () => {
      const outcomes: unknown[] = [];
      for (const binding of bindings) {
        // A runtime per binding: each run starts from the same script and an empty task store.
        await using runtime = await startA2aRuntime(row.script === 'waiting' ? waitScript : answering, withGrpc);
        outcomes.push(await row.run(runtime.url, binding));
      }
      expect(outcomes, 'jsonrpc, rest, grpc').toEqual([row.expected, row.expected, row.expected]);
    });
  }

  it('version negotiation: no A2A-Version (or an empty one) means 0.3 — JSON-RPC serves 0.3 there, HTTP+JSON’s v1.0 routes refuse it (0.3 lives under /v1/)', async () => {
    await using runtime = await startA2aRuntime(answering);
    for (const version of ['', ' ']) {
      const legacy = await httpCall(
        `${runtime.url}/a2a/jsonrpc`,
        'POST',
        { 'content-type': 'application/json', ...(version === '' ? {} : { 'a2a-version': '' }) },
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'message/send',
          params: { message: { kind: 'message', messageId: `m-${version.length}`, role: 'user', parts: [{ kind: 'text', text: 'Hi' }] } },
        }),
      );
      expect((JSON.parse(legacy.body) as { result?: { kind?: string; status?: { state?: string } } }).result).toMatchObject({
        kind: 'task',
        status: { state: 'completed' },
      });
      // A v1.0 method name under 0.3 is unknown there.
      expect(failure(await perform(runtime.url, 'jsonrpc', { operation: 'GetTask', params: { id: 't' }, version: '' })).error).toBe(
        'METHOD_NOT_FOUND',
      );
    }
    expect(failure(await perform(runtime.url, 'rest', { operation: 'GetTask', params: { id: 't' }, version: '' }))).toEqual({
      error: 'VERSION_NOT_SUPPORTED',
      http: 400,
    });
    expect(failure(await perform(runtime.url, 'jsonrpc', { operation: 'GetTask', params: { id: 't' }, version: '0.2' })).error).toBe(
      'VERSION_NOT_SUPPORTED',
    );
  });

  it('jsonrpc/test_json_rpc_compliance.py + test_protocol_violations.py: the JSON-RPC envelope errors', async () => {
    await using runtime = await startA2aRuntime(answering);
    const post = async (body: string) => {
      const answer = await httpCall(
        `${runtime.url}/a2a/jsonrpc`,
        'POST',
        { 'content-type': 'application/json', 'a2a-version': '1.0' },
        body,
      );
      const reply = JSON.parse(answer.body) as { id: unknown; error?: { code: number } };
      return [errorByCode[reply.error?.code ?? 0], reply.id];
    };
    expect(await post('{"jsonrpc": "2.0", "method": ')).toEqual(['PARSE_ERROR', null]); // test_rejects_malformed_json, test_raw_invalid_json
    expect(await post(JSON.stringify({ jsonrpc: '1.0', id: 3, method: 'GetTask', params: {} }))).toEqual(['INVALID_REQUEST', 3]); // test_invalid_jsonrpc_version
    expect(await post(JSON.stringify({ jsonrpc: '2.0', id: 4, params: {} }))).toEqual(['INVALID_REQUEST', 4]); // test_missing_method_field
    expect(await post(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'NoSuchMethod', params: {} }))).toEqual(['METHOD_NOT_FOUND', 5]); // test_rejects_unknown_method
    expect(
      await post(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'SendMessage', params: { message: { role: 'ROLE_USER' } } })),
    ).toEqual(['INVALID_PARAMS', 6]); // test_rejects_invalid_params
  });

  it('protocol/test_agent_card_mandatory.py: the card has the mandatory fields and lists both bindings at both versions', async () => {
    await using runtime = await startA2aRuntime(answering);
    const card = JSON.parse((await httpCall(`${runtime.url}/.well-known/agent-card.json`, 'GET', { 'a2a-version': '1.0' })).body) as Record<
      string,
      unknown
    >;
    expect(card).toMatchObject({
      name: 'weather-runtime',
      version: '1.2.3',
      capabilities: { streaming: true },
      defaultInputModes: ['text/plain'],
    });
    expect(typeof card.description).toBe('string');
    expect((card.skills as { id: string }[]).map((skill) => skill.id)).toEqual(['forecaster']);
    expect(
      (card.supportedInterfaces as { protocolBinding: string; protocolVersion: string }[]).map(
        (i) => `${i.protocolBinding} ${i.protocolVersion}`,
      ),
    ).toEqual(['JSONRPC 1.0', 'JSONRPC 0.3', 'HTTP+JSON 1.0', 'HTTP+JSON 0.3']);
    await using withIt = await startA2aRuntime(answering, withGrpc);
    const grpcCard = JSON.parse((await httpCall(`${withIt.url}/.well-known/agent-card.json`, 'GET', { 'a2a-version': '1.0' })).body) as {
      supportedInterfaces: { url: string; protocolBinding: string; protocolVersion: string }[];
    };
    expect(grpcCard.supportedInterfaces.slice(-2).map((x) => `${x.protocolBinding} ${x.protocolVersion}`)).toEqual([
      'GRPC 1.0',
      'GRPC 0.3',
    ]);
    expect(grpcCard.supportedInterfaces.at(-1)?.url).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

/** One 0.3 operation over a 0.3 binding: JSON-RPC (`message/send`, …) or HTTP+JSON under `/v1/` (proto JSON bodies). */
async function perform03(base: string, binding: Binding, operation: 'send' | 'get' | 'cancel', arg: string): Promise<Outcome> {
  const headers = { 'content-type': 'application/json' }; // no A2A-Version: 0.3
  if (binding === 'jsonrpc') {
    const [method, params] =
      operation === 'send'
        ? [
            'message/send',
            {
              message: {
                kind: 'message',
                messageId: crypto.randomUUID(),
                role: 'user',
                parts: arg === '' ? 'none' : [{ kind: 'text', text: arg }],
              },
            },
          ]
        : [operation === 'get' ? 'tasks/get' : 'tasks/cancel', { id: arg }];
    const answer = await httpCall(`${base}/a2a/jsonrpc`, 'POST', headers, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    const reply = JSON.parse(answer.body) as { result?: Record<string, unknown>; error?: { code: number } };
    if (reply.error === undefined) return { ok: true, value: reply.result ?? {} };
    return { ok: false, error: errorByCode[reply.error.code] ?? String(reply.error.code), http: answer.status };
  }
  const [method, path, body] =
    operation === 'send'
      ? [
          'POST',
          '/v1/message:send',
          { message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', content: arg === '' ? 'none' : [{ text: arg }] } },
        ]
      : operation === 'get'
        ? ['GET', `/v1/tasks/${arg}`, undefined]
        : ['POST', `/v1/tasks/${arg}:cancel`, undefined];
  const answer = await httpCall(`${base}/a2a/rest${path}`, method, headers, body === undefined ? undefined : JSON.stringify(body));
  const parsed = JSON.parse(answer.body) as Record<string, unknown>;
  if (answer.status < 300) return { ok: true, value: (parsed.task ?? parsed) as Record<string, unknown> };
  return { ok: false, error: errorByCode[Number(parsed.code)] ?? String(parsed.code), http: answer.status };
}

/** The state of a 0.3 task in either binding's form (`completed` or `TASK_STATE_COMPLETED`), by one name. */
function state03(outcome: Outcome): string {
  const state = String((task(outcome).status as { state?: unknown } | undefined)?.state);
  return state
    .replace(/^TASK_STATE_/, '')
    .toLowerCase()
    .replace('_', '-')
    .replace('cancelled', 'canceled');
}

describe('A2A 0.3 conformance over JSON-RPC and HTTP+JSON (no A2A-Version)', () => {
  it('send, get, cancel and their errors agree across the 0.3 bindings', async () => {
    const outcomes: unknown[] = [];
    for (const binding of ['jsonrpc', 'rest'] as const) {
      await using runtime = await startA2aRuntime(answering);
      const sent = await perform03(runtime.url, binding, 'send', 'Weather in Oslo?');
      const id = String(task(sent).id);
      outcomes.push({
        sent: state03(sent),
        got: state03(await perform03(runtime.url, binding, 'get', id)),
        finishedCancel: failure(await perform03(runtime.url, binding, 'cancel', id)).error,
        unknownGet: failure(await perform03(runtime.url, binding, 'get', 'no-such-task')).error,
        unknownCancel: failure(await perform03(runtime.url, binding, 'cancel', 'no-such-task')).error,
        invalid: failure(await perform03(runtime.url, binding, 'send', '')).error,
      });
    }
    const expected = {
      sent: 'completed',
      got: 'completed',
      finishedCancel: 'TASK_NOT_CANCELABLE',
      unknownGet: 'TASK_NOT_FOUND',
      unknownCancel: 'TASK_NOT_FOUND',
      invalid: 'INVALID_PARAMS',
    };
    expect(outcomes, 'jsonrpc, rest').toEqual([expected, expected]);
  });
});
