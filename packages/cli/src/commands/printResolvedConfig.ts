import type { CliIo } from '../CliIo.js';
import { describeConfig } from '../config/describeConfig.js';
import { type CliMode, loadCliConfig } from './loadCliConfig.js';

/**
 * `serve --print-config` / `mcp --print-config`: the configuration that command would run with,
 * as JSON, one key per plugin it would start, secrets replaced by `<redacted>`.
 */
export async function printResolvedConfig(io: CliIo, configFlag: string | undefined, mode: CliMode): Promise<void> {
  const { config, enabled } = await loadCliConfig(io, configFlag, mode);
  const shown = Object.fromEntries(
    Object.entries(config).filter(([slot]) => enabled.has(slot as never) || (slot === 'plugins' && config.plugins.length > 0)),
  );
  const resolved: Record<string, unknown> = {};
  // Rebuilt from the described leaves, so redaction is the one `cortex config` applies.
  for (const entry of describeConfig(shown, { env: {} })) {
    const keys = entry.path.split('.');
    let node = resolved;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1] as string] = entry.value;
  }
  io.out(JSON.stringify(resolved, null, 2));
}
