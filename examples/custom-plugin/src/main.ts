import { createKernel, stopOnSignals } from '@cortex-os/kernel';
import { clockPlugin } from './clockPlugin.js';
import { tickPlugin } from './tickPlugin.js';

const kernel = createKernel({ plugins: [tickPlugin({ label: 'demo' }), clockPlugin()] });
stopOnSignals(kernel);
await kernel.start();
kernel.events.subscribe('example.*', (event) => console.log(event.type, event.data));
console.log(await kernel.tools.call('example.tick', {}));
await kernel.stop();
