import type { Kernel } from '@cortex-os/kernel';
import { modelProviderToken } from '@cortex-os/kernel/router';
import { SCRIPTED_MODEL } from './scriptedDemoModel.js';

/**
 * Says which generating models can serve the agent (available and declaring tool calling), each
 * with its reason, and returns the name of the one the router will reach first.
 */
export async function describeModels(kernel: Kernel, print: (line: string) => void): Promise<string> {
  let serving: string | undefined;
  for (const provider of kernel.get(modelProviderToken)) {
    // The scripted model is announced below; embedding-only providers (the memory's embedder) are no candidates.
    if (provider.name === SCRIPTED_MODEL || !provider.capabilities.operations.includes('generate')) continue;
    const health = await provider.health();
    const generates = provider.capabilities.operations.includes('generate');
    let status: string;
    if (!health.available) status = `unavailable — ${health.reason ?? 'no reason given'}`;
    else if (!generates) status = 'available, but does not generate';
    else if (provider.capabilities.tools !== true)
      status = 'available, but does not declare tool calling (capabilities.tools): the router skips it for agents';
    else status = 'available, with tool calling';
    if (status === 'available, with tool calling') serving ??= provider.name;
    print(`model ${provider.name}: ${status}`);
  }
  if (serving !== undefined) {
    print(`The agent runs on ${serving}.`);
    return serving;
  }
  print(
    `No generating model with tool calling is available: the demo runs the scripted model "${SCRIPTED_MODEL}" (a fixed script, not a model), labelled [scripted] below.`,
  );
  return SCRIPTED_MODEL;
}
