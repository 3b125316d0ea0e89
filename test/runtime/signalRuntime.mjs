// A runtime for signals.test.ts, run as a real child process against the built packages.
// Prints `ready <url>` once started, then one line per step of the drain: `phase <http phase>`,
// `<plugin> drain`, `<plugin> stop`. argv[2] picks the case: `clean`, `failing-stop` (the store's
// stop throws) or `stuck-drain` (the worker's drain never ends, so only a second signal ends it).
import { createKernel, createLogger, createToken, definePlugin } from '../../packages/kernel/dist/index.js';
import { httpServiceToken } from '../../packages/http-api/dist/index.js';
import { httpPlugin } from '../../packages/plugin-http/dist/index.js';
import { startRuntime } from '../../packages/runtime/dist/index.js';

const mode = process.argv[2] ?? 'clean';
const say = (line) => process.stdout.write(`${line}\n`);
// The test may stop reading once it has what it needs.
process.stdout.on('error', () => undefined);

const storeToken = createToken('signals.store');
const store = definePlugin({
  name: 'store',
  version: '1.0.0',
  provides: { store: storeToken },
  start: () => ({ store: {} }),
  drain: () => say('store drain'),
  stop: () => {
    say('store stop');
    if (mode === 'failing-stop') throw new Error('the store would not close');
  },
});
const worker = definePlugin({
  name: 'worker',
  version: '1.0.0',
  requires: { store: storeToken, http: httpServiceToken },
  start({ deps }) {
    deps.http.route({ method: 'GET', path: `${deps.http.restBasePath}/work`, handler: () => ({ ok: true }) });
  },
  drain: async () => {
    say('worker drain');
    if (mode === 'stuck-drain') await new Promise(() => undefined);
  },
  stop: () => say('worker stop'),
});

const kernel = createKernel({
  plugins: [httpPlugin({ port: 0, metrics: { enabled: false, path: '/metrics', defaultMetrics: false } }), store(), worker()],
  logger: createLogger({ level: 'silent' }),
  // The stuck drain is ended by the second signal, long before this.
  hookTimeoutMs: 60_000,
});
const runtime = await startRuntime(kernel);
runtime.http.onPhase((phase) => say(`phase ${phase}`));
say(`ready ${runtime.address.url}`);
