import { memoryServiceToken } from '@cortex-os/plugin-memory';
import type { Kernel } from '@cortex-os/kernel';

const MEMORIES = [
  { text: 'The deploy key rotates every 90 days', kind: 'fact', tags: ['ops'] },
  { text: 'Invoices go out on the first Monday of the month', kind: 'fact', tags: ['billing'] },
  { text: 'The staging database is restored from backup every night', kind: 'fact', tags: ['ops'] },
  { text: 'Alice prefers dark mode in the dashboard', kind: 'preference', tags: ['ui'] },
  { text: 'Deploys are frozen during the last week of December', kind: 'policy', tags: ['ops'] },
] as const;

/** Stores a handful of memories and runs one hybrid search, describing the score parts. */
export async function demonstrateMemory(kernel: Kernel): Promise<string[]> {
  const memory = kernel.get(memoryServiceToken);
  await memory.storeMany(MEMORIES.map((m) => ({ ...m, tags: [...m.tags] })));
  const query = 'when does the deploy key rotate?';
  const result = await memory.search({ query, limit: 3 });
  const lines = [
    `stored ${MEMORIES.length} memories; searched "${query}" (${result.mode}${result.embeddingModel === undefined ? '' : `, ${result.embeddingModel}`})${result.degraded === undefined ? '' : ` — keyword-only: ${result.degraded.reason}`}`,
  ];
  for (const hit of result.hits) {
    lines.push(
      `  final ${hit.score.toFixed(3)} (semantic ${hit.semanticScore.toFixed(3)}, keyword ${hit.keywordScore.toFixed(3)}) [${hit.tier}] ${hit.memory.text}`,
    );
  }
  return lines;
}
