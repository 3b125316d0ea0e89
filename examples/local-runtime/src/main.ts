import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cortex-os/kernel';
import { loadRuntimeConfig } from '@cortex-os/runtime';
import { z } from 'zod';
import { assembleRuntime } from './assembleRuntime.js';
import { runDemo } from './runDemo.js';

/** The demo's own settings, read and validated like any plugin's options: `CORTEX_DEMO_PORT`, `CORTEX_DEMO_DATA_DIR`. */
const demoOptions = z.object({
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: z.number().int().min(0).max(65_535).default(0),
  /** Keeps the memory store across runs; unset, each run gets a fresh one. */
  dataDir: z.string().min(1).optional(),
});

const env = process.env;
const { demo } = loadRuntimeConfig({ env, plugins: { demo: demoOptions } });
// The demo speaks to a human on stdout; the structured log (stderr) shows warnings only unless asked.
const logger = createLogger({ level: env['CORTEX_LOG_LEVEL'] ?? 'warn' });
const dataDir = demo.dataDir ?? (await mkdtemp(join(tmpdir(), 'cortex-demo-')));
try {
  await runDemo(
    assembleRuntime({
      logger,
      dataDir,
      port: demo.port,
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
  if (demo.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
}
