import { createLogger } from '@cortex-os/kernel';
import { assembleRuntime } from './assembleRuntime.js';
import { runDemo } from './runDemo.js';

// The demo speaks to a human on stdout; the structured log (stderr) shows warnings only unless asked.
const logger = createLogger({ level: process.env['CORTEX_LOG_LEVEL'] ?? 'warn' });
await runDemo(assembleRuntime({ logger }), (line) => console.log(line));
