import { createKernel } from '@cortex-os/kernel';
import { startRuntime } from '@cortex-os/runtime';
import { clockPlugin } from './clockPlugin.js';
import { tickPlugin } from './tickPlugin.js';

const kernel = createKernel({ plugins: [tickPlugin({ label: 'demo' }), clockPlugin()] });
// Starts every plugin; SIGTERM/SIGINT would drain and stop them, with the exit code set.
const runtime = await startRuntime(kernel);
kernel.events.subscribe('example.*', (event) => console.log(event.type, event.data));
console.log(await kernel.tools.call('example.tick', {}));
await runtime.stop();
