import { createLogger } from '@cortex-os/kernel';
import { assembleRuntime } from './assembleRuntime.js';
import { runDemo } from './runDemo.js';

// The demo speaks to a human on stdout; the structured log (stderr) shows warnings only unless asked.
const logger = createLogger({ level: process.env['CORTEX_LOG_LEVEL'] ?? 'warn' });
const env = process.env;
await runDemo(
  assembleRuntime({
    logger,
    // Remote providers are used only where the host configures them; unset, they stay unconfigured and never connect.
    providers: {
      ...(env['OLLAMA_BASE_URL'] === undefined ? {} : { ollamaBaseUrl: env['OLLAMA_BASE_URL'] }),
      ...(env['OPENAI_BASE_URL'] === undefined ? {} : { openAiBaseUrl: env['OPENAI_BASE_URL'] }),
      ...(env['OPENAI_API_KEY'] === undefined ? {} : { openAiApiKey: env['OPENAI_API_KEY'] }),
    },
  }),
  (line) => console.log(line),
);
