// Issue 12 §2, the proof that nothing leaks: for every code of every catalogue, a tool throws it
// with a poisoned message, cause and details (an absolute server path, raw SQLite text, a stack),
// and a real HTTP client (REST, through plugin-http) and a real MCP SDK client (Streamable HTTP,
// mounted on the same server) call it. Each answer has the status or treatment of the code's
// kind, shows what the kind lets a remote caller see, and carries no poison anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKernel,
  defineTool,
  definePlugin,
  httpErrorTreatment,
  mcpErrorTreatment,
  remoteErrorExposure,
  type ErrorKind,
  type Kernel,
} from '@cortex-os/kernel';
import { createTestLogger } from '@cortex-os/kernel/testing';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { Client, ProtocolError, StreamableHTTPClientTransport, z } from '@cortex-os/plugin-mcp/testing';
import { distinctCatalogues, exportedCatalogues } from '../support/errorCatalogues.js';

const POISON_PATH = '/home/x/secret.db';
const POISON_SQL = 'SQLITE_ERROR: near "x": syntax error';
const POISON_STACK = '    at Database.prepare (/srv/app/node_modules/better-sqlite3/lib/methods/wrappers.js:5:21)';
/** Fragments that must never reach a remote caller. */
const POISONS = ['/home/x', 'secret.db', 'SQLITE', 'syntax error', 'near "x"', '/srv/app', 'node_modules', 'wrappers.js', '.js:5:21'];
const messages = {
  /** A message with a server path and a stack frame: message kinds show it with both removed. */
  path: `cannot open ${POISON_PATH}\n${POISON_STACK}`,
  /** Raw database text: message kinds show the catalogue description instead. */
  database: `${POISON_SQL} in ${POISON_PATH}`,
} as const;
type Variant = keyof typeof messages;
const RETRY_AFTER_MS = 2_000;

function poisonedCause(): Error {
  const cause = new Error(`${POISON_SQL} at ${POISON_PATH}`);
  cause.stack = `Error: ${cause.message}\n${POISON_STACK}`;
  return cause;
}

const cases = distinctCatalogues(await exportedCatalogues()).flatMap(({ catalogue, errorClass }) =>
  Object.entries(catalogue).map(([code, entry]) => ({ code, entry, errorClass })),
);

const sweepPlugin = definePlugin({
  name: 'error-sweep',
  version: '1.0.0',
  start({ tools }) {
    for (const { code, errorClass } of cases) {
      tools.register(
        defineTool({
          name: `throws.${code}`,
          description: `Throws ${code} with a poisoned message and cause.`,
          input: z.object({ variant: z.enum(['path', 'database']) }),
          handler: ({ variant }) => {
            if (errorClass === undefined) throw new Error(`no error class exported for ${code}`);
            throw new errorClass(code, messages[variant], {
              cause: poisonedCause(),
              details: { file: POISON_PATH, issues: [{ path: 'file', message: `bad ${POISON_PATH}`, code: 'custom' }] },
              retryAfterMs: RETRY_AFTER_MS,
            });
          },
        }),
      );
    }
  },
});

/** What the caller is shown of a code's error, by the kind's exposure: undefined when it is shown nothing. */
function expectedText(kind: ErrorKind, description: string, variant: Variant): string | undefined {
  const exposure = remoteErrorExposure[kind];
  if (exposure.shows === 'fixed') return exposure.text;
  if (exposure.shows === 'description') return description;
  if (exposure.shows === 'nothing') return undefined;
  return variant === 'path' ? 'cannot open <path>' : description;
}

function expectNoPoison(where: string, text: string): void {
  for (const poison of POISONS) expect(text, `${where} leaks "${poison}"`).not.toContain(poison);
}

const logs = createTestLogger({ level: 'error' });
let kernel: Kernel;
let base: string;
let client: Client;

beforeAll(async () => {
  kernel = createKernel({
    logger: logs.logger,
    plugins: [
      httpPlugin({
        host: '127.0.0.1',
        port: 0,
        metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
        tracing: { enabled: false },
      }),
      sweepPlugin(),
      mcpPlugin({ http: { path: '/mcp' } }),
    ],
  });
  await kernel.start();
  base = (await kernel.get(httpServiceToken).listen()).url;
  client = new Client({ name: 'sweep', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
});
afterAll(async () => {
  await client?.close();
  await kernel?.stop();
});

describe('no error leaks to a remote caller', () => {
  it('covers every code of the nine catalogues', () => {
    expect(cases.length).toBeGreaterThanOrEqual(109);
    expect(cases.filter((c) => c.errorClass === undefined).map((c) => c.code)).toEqual([]);
  });

  describe.each(['path', 'database'] as const)('a %s-poisoned error', (variant) => {
    it.each(cases)(
      '$code over REST: the status of its kind, what its kind shows, no poison in body or headers',
      async ({ code, entry }) => {
        const response = await fetch(`${base}/api/v1/tools/throws.${code}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ variant }),
        });
        const treatment = httpErrorTreatment[entry.kind];
        expect(response.status).toBe(treatment.status);
        expect(response.headers.get('retry-after')).toBe(treatment.retryAfter ? String(RETRY_AFTER_MS / 1000) : null);
        const text = await response.text();
        expectNoPoison(`${code} REST body`, text);
        expectNoPoison(`${code} REST headers`, JSON.stringify([...response.headers]));
        const problem = JSON.parse(text) as { code: string; title: string; detail?: string; requestId: string };
        expect(problem.code).toBe(code);
        expect(problem.title).toBe(entry.description);
        const shown = expectedText(entry.kind, entry.description, variant);
        const detail = remoteErrorExposure[entry.kind].shows === 'description' ? `${shown} Request id: ${problem.requestId}.` : shown;
        expect(problem.detail).toBe(detail);
        // What the caller does not see of a server-side failure is in the log under the request id,
        // cause and all (a drain's or a shed request's 503 is a refusal by design, so it is not logged as a failure).
        const logged = logs.entries().find((entry) => entry['requestId'] === problem.requestId);
        if (treatment.status >= 500 && code !== 'HTTP_SHUTTING_DOWN' && code !== 'HTTP_OVERLOADED')
          expect(JSON.stringify(logged?.['err'])).toContain(POISON_PATH);
        else expect(logged).toBeUndefined();
      },
    );

    it.each(cases)('$code over MCP: the treatment of its kind, what its kind shows, no poison in the result', async ({ code, entry }) => {
      const call = client.callTool({ name: `throws.${code}`, arguments: { variant } });
      const treatment = mcpErrorTreatment[entry.kind];
      if (treatment.toolCall === 'no-result') {
        // The client did not cancel: the server cancelled the call, so it answers a protocol error.
        const error = await call.then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(ProtocolError);
        expect((error as ProtocolError).code).toBe(treatment.protocolCode);
        expectNoPoison(`${code} MCP error`, JSON.stringify({ message: (error as Error).message, data: (error as ProtocolError).data }));
        return;
      }
      const result = await call;
      expectNoPoison(`${code} MCP result`, JSON.stringify(result));
      expect(result).toEqual({
        isError: true,
        content: [{ type: 'text', text: expectedText(entry.kind, entry.description, variant) }],
        _meta: { 'cortex-os/errorCode': code },
      });
    });
  });
});
