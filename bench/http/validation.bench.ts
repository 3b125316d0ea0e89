// Issue 14 §2: the longest event-loop block while a maximum-size (≈1 MiB) JSON body is parsed and
// validated, for each body shape a route may declare, valid and invalid. Same server, same run:
// "sliced" is the route's own `body` schema (validated in slices by plugin-http); the baseline is
// the same schema checked by one `safeParse` in the handler (a `z.any()` body: parsed the same way),
// which is what the server did before for these shapes and for every invalid body.
// The longest block is the longest wall-clock gap between two turns of a `setImmediate` sampler
// (the client is in the same process: its share is writing the prebuilt body and reading the
// answer). On a loaded machine another process can stretch any gap, so the figure reported beside
// the median is the minimum over runs of each run's longest block: the block the work itself
// makes. (CPU clocks do not serve: per-thread CPU time advances by scheduler ticks of several
// milliseconds here, and the process's CPU time counts the garbage collector's helper threads.) An invalid body is answered with its first
// 100 issues on both routes.
// Part 2 measures the validation alone, in process: the longest stretch between two yields of
// plugin-http's sliced validation (1,024 JSON values a slice, as the server does) against one
// `safeParse` (its issues read, as the server does).
// Run after a build: `pnpm build && node bench/http/validation.bench.ts`.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createHttpServer } from '@cortex-os/plugin-http';
import { z } from 'zod';
// Internal (not exported): measured alone in part 2, without the rest of the request around it.
import { safeParseInSlices } from '../../packages/plugin-http/dist/server/safeParseInSlices.js';
import { createReport, median, sized } from '../lib/measure.ts';

const count = sized(18_000, 600);
const runs = sized(15, 2);
const warmup = sized(3, 1);

/** The most CPU time spent between two turns of the loop while `work` runs. */
async function longestBlock(work: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  let sampling = true;
  const tick = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (sampling) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  sampling = false;
  return longest;
}

const element = z.object({ id: z.number().int(), text: z.string().max(64), tags: z.array(z.string()).max(4) });
type Item = { id: number | string; text: string; tags: string[] };
const shapes: readonly (readonly [name: string, schema: z.ZodType, body: (items: Item[]) => unknown])[] = [
  ['object with a top-level array', z.object({ label: z.string(), items: z.array(element) }), (items) => ({ label: 'b', items })],
  ['top-level array', z.array(element), (items) => items],
  [
    'arrays inside objects inside an array',
    z.array(z.object({ group: z.number(), items: z.array(element) })),
    (items) => Array.from({ length: 6 }, (_, group) => ({ group, items: items.slice((group * count) / 6, ((group + 1) * count) / 6) })),
  ],
  [
    'record with many keys',
    z.object({ byId: z.record(z.string(), element) }),
    (items) => ({ byId: Object.fromEntries(items.map((x, i) => [`k${i}`, x])) }),
  ],
];
// Valid; one bad element near the end (the old code validated up to it in slices, then all again in one step); every element bad.
const variants: readonly (readonly [name: string, bad: (i: number) => boolean])[] = [
  ['valid', () => false],
  ['one bad element', (i) => i === count - 10],
  ['every element bad', () => true],
];

const report = createReport('http-validation');

/** Reports the median and the minimum over runs of the longest blocks, sliced against one safeParse. */
function addBlocks(c: string, sliced: number[], oneStep: number[]): void {
  const baseline = 'one safeParse';
  report.add({ case: c, metric: 'longest block, median', unit: 'ms', value: median(sliced), baseline, baselineValue: median(oneStep) });
  report.add({
    case: c,
    metric: 'longest block, min of runs',
    unit: 'ms',
    value: Math.min(...sliced),
    baseline,
    baselineValue: Math.min(...oneStep),
  });
}
const server = createHttpServer({ bodyLimitBytes: 2 * 1024 * 1024 });
shapes.forEach(([, schema], i) => {
  server.route({ method: 'POST', path: `/sliced/${i}`, body: schema, handler: () => ({ ok: true }) });
  server.route({
    method: 'POST',
    path: `/one-step/${i}`,
    body: z.any(),
    handler: ({ body }) => {
      const result = schema.safeParse(body);
      return result.success ? { ok: true } : { status: 400, body: { issues: result.error.issues.slice(0, 100) } };
    },
  });
});
const { url } = await server.listen();

for (const [shapeIndex, [shape, , build]] of shapes.entries()) {
  for (const [variant, bad] of variants) {
    const items = Array.from({ length: count }, (_, i) => ({ id: bad(i) ? `n${i}` : i, text: 'x'.repeat(16), tags: ['a', 'b'] }));
    const text = JSON.stringify(build(items));
    const post = (mode: string) => () =>
      fetch(`${url}/${mode}/${shapeIndex}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }).then((r) =>
        r.arrayBuffer(),
      );
    const blocks = { sliced: [] as number[], 'one-step': [] as number[] };
    for (let run = 0; run < warmup + runs; run += 1) {
      // Alternate the two routes so that load on the machine falls on both alike.
      for (const mode of ['one-step', 'sliced'] as const) {
        const block = await longestBlock(post(mode));
        if (run >= warmup) blocks[mode].push(block);
      }
    }
    const c = `${shape}, ${variant} (${count} elements, ${(text.length / 1024).toFixed(0)} KiB)`;
    addBlocks(c, blocks.sliced, blocks['one-step']);
  }
}
await server.shutdown();

/** The longest stretch of main-thread CPU between two yields of the sliced validation, and one safeParse's. */
async function validationBlocks(schema: z.ZodType, body: unknown): Promise<{ sliced: number; oneStep: number }> {
  let sliced = 0;
  let last = performance.now();
  const result = await safeParseInSlices(schema, body, {
    sliceSize: 1024,
    yieldToLoop: async () => {
      sliced = Math.max(sliced, performance.now() - last);
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = performance.now();
    },
  });
  if (!result.success) void result.error.issues;
  sliced = Math.max(sliced, performance.now() - last);
  const start = performance.now();
  const whole = schema.safeParse(body);
  if (!whole.success) void whole.error.issues;
  return { sliced, oneStep: performance.now() - start };
}

for (const [shape, schema, build] of shapes) {
  for (const [variant, bad] of variants) {
    const items = Array.from({ length: count }, (_, i) => ({ id: bad(i) ? `n${i}` : i, text: 'x'.repeat(16), tags: ['a', 'b'] }));
    const body = JSON.parse(JSON.stringify(build(items))) as unknown;
    const blocks = { sliced: [] as number[], oneStep: [] as number[] };
    for (let run = 0; run < warmup + runs; run += 1) {
      const { sliced, oneStep } = await validationBlocks(schema, body);
      if (run < warmup) continue;
      blocks.sliced.push(sliced);
      blocks.oneStep.push(oneStep);
    }
    const c = `validation alone: ${shape}, ${variant}`;
    addBlocks(c, blocks.sliced, blocks.oneStep);
  }
}
report.print([
  `1: in-process createHttpServer, fetch on loopback, whole request; 2: validation alone. Wall ms between two turns of the loop; median and minimum of ${runs} runs after ${warmup} warm-up, alternated`,
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
]);
