// A runtime in its own process that posts one client key, for idempotencyRace.test.ts.
// Args: store (`file:<path>` or `postgres:<schema>:<url>`) and role (`hold` or `free`).
// Prints "ready" once started. On a "go" line it prints "publishing" and publishes notes.added
// under the key /race + k-1 through the events service. Its bus transport counts what it is
// asked to send; as `hold` it prints "sending" and waits for a "release" line before storing,
// so the parent can have the other process post the same key while this one is mid-publish.
// At the end it prints one JSON line: { duplicate, id, sends }.
import { createInterface } from 'node:readline';
import { createKernel, defineEvent, definePlugin } from '@cortex-os/kernel';
import { eventsPlugin, eventsServiceToken } from '@cortex-os/plugin-events';
import { z } from 'zod';

const [store, role] = process.argv.slice(2);
const noteAdded = defineEvent({ type: 'notes.added', version: '1.0.0', data: z.strictObject({ id: z.string(), words: z.number() }) });
const notesPlugin = definePlugin({ name: 'notes', version: '1.0.0', events: [noteAdded] });

let release;
const released = new Promise((resolve) => {
  release = resolve;
});
let sends = 0;
const eventTransport = {
  connect() {},
  async send() {
    sends += 1;
    if (role === 'hold') {
      console.log('sending');
      await released;
    }
  },
  async close() {},
};

const [kind, ...rest] = store.split(':');
const where = kind === 'file' ? { file: rest.join(':') } : { postgres: { schema: rest[0], url: rest.slice(1).join(':'), poolSize: 2 } };
const kernel = createKernel({ plugins: [notesPlugin(), eventsPlugin({ ...where, record: ['notes.*'] })], eventTransport });
await kernel.start();
const events = kernel.get(eventsServiceToken);

const lines = createInterface({ input: process.stdin });
let publishing;
lines.on('line', (line) => {
  if (line === 'release') release();
  if (line !== 'go') return;
  console.log('publishing');
  publishing = events.publish('notes.added', { id: 'k-1', source: '/race', data: { id: 'n-1', words: 1 } });
  publishing.then(
    async (result) => {
      await events.flush();
      console.log(JSON.stringify({ duplicate: result.duplicate, id: result.event.id, sends }));
      lines.close();
      process.stdin.destroy();
      await kernel.stop();
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
console.log('ready');
