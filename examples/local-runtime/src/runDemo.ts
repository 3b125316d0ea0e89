import { healthIndicatorToken, type Kernel } from '@cortex-os/kernel';
import { modelProviderToken, policyRouterToken } from '@cortex-os/kernel/router';
import { createHashingEmbedder } from '@cortex-os/plugin-local-embedders';
import { startRuntime } from '@cortex-os/runtime';
import { demonstrateHttp } from './demonstrateHttp.js';
import { demonstrateMemory } from './demonstrateMemory.js';
import { demonstrateRouting } from './explainRouting.js';

/** Starts the runtime, exercises it, and writes a human account of what it assembled and did. */
export async function runDemo(kernel: Kernel, print: (line: string) => void): Promise<void> {
  // The demo stops itself when it is done, so it leaves the process's signals alone.
  const runtime = await startRuntime(kernel, { signals: false });
  const indent = (lines: readonly string[]) => {
    for (const line of lines.join('\n').split('\n')) print(`    ${line}`);
  };
  print('Cortex-OS local runtime');
  print(
    `  plugins (start order): ${kernel.plugins.map((p) => `${p.name}@${p.version}${p.dependsOn.length > 0 ? ` (needs ${p.dependsOn.join(', ')})` : ''}`).join(' → ')}`,
  );
  print(`  HTTP on ${runtime.address?.url} (route families under ${runtime.http?.restBasePath})`);
  print(
    `  tools: ${kernel.tools
      .list()
      .map((t) => t.name)
      .join(', ')}`,
  );
  print(`  contracts: ${kernel.contracts.list().length} registered`);

  const seen = new Set<string>();
  kernel.events.subscribe('*', (event) => void seen.add(event.type));
  const added = await kernel.tools.call('notes.add', { text: 'Plugins start in dependency order.' });
  print(`  called notes.add → ${JSON.stringify(added.structured)} in ${added.durationMs.toFixed(2)} ms`);
  try {
    await kernel.tools.call('notes.add', { text: '' });
  } catch (error) {
    print(`  called notes.add with bad input → ${(error as { code: string }).code}: ${(error as Error).message}`);
  }
  print('  model routing (MLX ▸ Ollama ▸ OpenAI ▸ local):');
  indent(await demonstrateRouting(kernel.get(policyRouterToken), kernel.get(modelProviderToken), createHashingEmbedder().model));
  print('  memory (embedded SQLite, hybrid search):');
  indent(await demonstrateMemory(kernel));
  print('  HTTP (one server for every plugin):');
  indent(await demonstrateHttp(runtime.address?.url.replace(/\/$/, '') ?? ''));
  for (const indicator of kernel.get(healthIndicatorToken)) {
    const result = await indicator.check(AbortSignal.timeout(1000));
    const observed = result.observedValue === undefined ? '' : ` (${String(result.observedValue)} ${result.observedUnit ?? ''})`;
    print(
      `  health ${indicator.name}${indicator.critical ? ' [critical]' : ''}: ${result.status}${observed}${result.output === undefined ? '' : ` — ${result.output}`}`,
    );
  }
  print(`  events seen: ${[...seen].sort().join(', ')}`);
  const report = await runtime.stop();
  print(`  stopped: ${report.ok ? 'clean' : `with ${report.problems.length} problem(s)`}`);
}
