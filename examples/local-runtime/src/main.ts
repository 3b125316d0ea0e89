import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cortex-os/kernel';
import { assembleRuntime } from './assembleRuntime.js';
import { runDemo } from './runDemo.js';

// The demo speaks to a human on stdout; the structured log (stderr) shows warnings only unless asked.
const logger = createLogger({ level: process.env['CORTEX_LOG_LEVEL'] ?? 'warn' });
const env = process.env;
// A fresh memory store each run (CORTEX_DEMO_DATA_DIR keeps one across runs).
const dataDir = env['CORTEX_DEMO_DATA_DIR'] ?? (await mkdtemp(join(tmpdir(), 'cortex-demo-')));
try {
  await runDemo(
    assembleRuntime({
      logger,
      dataDir,
      ...(env['CORTEX_DEMO_PORT'] === undefined ? {} : { port: Number(env['CORTEX_DEMO_PORT']) }),
      // Remote providers are used only where the host configures them; unset, they stay unconfigured and never connect.
      providers: {
        ...(env['OLLAMA_BASE_URL'] === undefined ? {} : { ollamaBaseUrl: env['OLLAMA_BASE_URL'] }),
        ...(env['OPENAI_BASE_URL'] === undefined ? {} : { openAiBaseUrl: env['OPENAI_BASE_URL'] }),
        ...(env['OPENAI_API_KEY'] === undefined ? {} : { openAiApiKey: env['OPENAI_API_KEY'] }),
      },
    }),
    (line) => console.log(line),
  );
} finally {
  if (env['CORTEX_DEMO_DATA_DIR'] === undefined) await rm(dataDir, { recursive: true, force: true });
}
