// Child processes belong to the integration layer: a real server killed with SIGKILL mid-stream.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { afterEach, describe, expect, it } from 'vitest';

// A real A2A streaming server in a child process: it answers SendStreamingMessage with one SSE
// event per status in STATES, then either ends the stream (END=1) or hangs until killed.
const serverSource = `
const http = require('node:http');
const states = process.env.STATES.split(',');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const { id, method } = JSON.parse(body);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const state of states) {
      res.write('data: ' + JSON.stringify({ jsonrpc: '2.0', id, result: { kind: 'status-update', method, status: { state } } }) + '\\n\\n');
    }
    if (process.env.END === '1') res.end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

let child: ChildProcess | undefined;

async function startServer(states: readonly string[], end: boolean): Promise<string> {
  child = spawn(process.execPath, ['-e', serverSource], {
    env: { STATES: states.join(','), END: end ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [port] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return `http://127.0.0.1:${port.toString().trim()}/a2a`;
}

afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  child = undefined;
});

describe('A2aJsonRpcClient.stream', () => {
  it('yields each streamed event in order', async () => {
    const url = await startServer(['working', 'completed'], true);
    const events: unknown[] = [];
    for await (const event of new A2aJsonRpcClient({ agent: 'weather', url, version: '1.0' }).stream({ message: {} })) events.push(event);
    expect(events).toEqual([
      { kind: 'status-update', method: 'SendStreamingMessage', status: { state: 'working' } },
      { kind: 'status-update', method: 'SendStreamingMessage', status: { state: 'completed' } },
    ]);
  });

  it('throws A2A_REMOTE_FAILED when the server is killed mid-stream', async () => {
    const url = await startServer(['working'], false);
    const stream = new A2aJsonRpcClient({ agent: 'weather', url, version: '0.3' }).stream({ message: {} });
    const first = await stream.next();
    expect(first.value).toEqual({ kind: 'status-update', method: 'message/stream', status: { state: 'working' } });
    child?.kill('SIGKILL');
    const error = await expectCortexError(stream.next(), 'A2A_REMOTE_FAILED');
    expect(error.message).toBe('Remote agent "weather" failed: its stream broke off');
  });
});
