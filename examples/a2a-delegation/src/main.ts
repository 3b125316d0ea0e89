import { createLogger } from '@cortex-os/kernel';
import { runDelegationDemo } from './runDelegationDemo.js';

// The demo speaks to a human on stdout; the structured log (stderr) shows warnings only unless asked.
await runDelegationDemo((line) => console.log(line), createLogger({ level: process.env['CORTEX_LOG_LEVEL'] ?? 'warn' }));
