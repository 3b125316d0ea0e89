import { createLogger } from '@cortex-os/kernel';
import { policyRouterToken } from '@cortex-os/kernel/router';
import { assembleLocalOnlyRuntime } from './assembleLocalOnlyRuntime.js';

const kernel = assembleLocalOnlyRuntime({ logger: createLogger({ level: 'warn' }) });
await kernel.start();
const result = await kernel.get(policyRouterToken).embed(['private notes stay on this machine']);
console.log(`embedded locally by ${result.provider} (${result.model}, ${result.dimensions} dimensions)`);
await kernel.stop();
