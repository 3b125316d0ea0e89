import {
  createDisposer,
  definePlugin,
  KernelError,
  type LowPowerLimits,
  type PowerMode,
  type PowerModeService,
  powerModeToken,
} from '@cortex-os/kernel';
import { type EmbedInput, type ModelProvider, policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { defineProviderPlugin, followPowerMode } from '@cortex-os/provider-kit';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';

/** A power mode the test switches by hand. */
function powerMode(mode: PowerMode): PowerModeService & { mode: PowerMode } {
  return { mode, onChange: () => createDisposer(() => undefined) };
}

/** An embedder whose calls wait until the test releases them; it records each call's inputs. Vectors encode the input's length. */
function gatedEmbedder(embedding: { readonly batchingHelps?: boolean } = {}) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const provider: ModelProvider = {
    name: 'gated',
    capabilities: {
      operations: ['embed'],
      embedding: { model: 'len-1', dimensions: 1, modalities: ['text'], ...embedding },
      locality: 'local',
      relativeCost: 0,
    },
    health: async () => ({ available: true }),
    embed: async (inputs: readonly EmbedInput[]) => {
      const texts = inputs.map(String);
      calls.push(texts);
      await new Promise<void>((resolve) => gates.push(resolve));
      if (texts.includes('bad')) throw new KernelError('PROVIDER_REQUEST_FAILED', 'bad input');
      return { model: 'len-1', dimensions: 1, vectors: texts.map((t) => new Float32Array([t.length])) };
    },
  };
  /** Lets every waiting call answer, until none is left (a released call may start the next batch). */
  const releaseAll = async (): Promise<void> => {
    for (let rounds = 0; rounds < 20; rounds += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const waiting = gates.splice(0);
      if (waiting.length === 0 && rounds > 0) return;
      for (const release of waiting) release();
    }
  };
  return { provider, calls, releaseAll };
}

const lengths = (result: { vectors: readonly Float32Array[] }): number[] => result.vectors.map((v) => v[0] ?? -1);

describe('followPowerMode', () => {
  it('in low-power mode sends one embed call at a time and merges the calls that wait into one batch', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder();
    const following = followPowerMode(provider, powerMode('low-power'));
    const results = Promise.all([
      following.embed?.(['a']),
      following.embed?.(['bb', 'ccc']),
      following.embed?.(['dddd']),
      following.embed?.(['eeeee']),
    ]);
    await releaseAll();
    const answered = await results;
    expect(calls).toEqual([['a'], ['bb', 'ccc', 'dddd', 'eeeee']]);
    expect(answered.map((r) => (r === undefined ? [] : lengths(r)))).toEqual([[1], [2, 3], [4], [5]]);
    expect(answered.every((r) => r?.model === 'len-1' && r.dimensions === 1)).toBe(true);
  });

  it('caps a merged batch at maxBatchInputs', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder();
    const following = followPowerMode(provider, powerMode('low-power'), { maxBatchInputs: 2 });
    const results = Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => following.embed?.([t])));
    await releaseAll();
    await results;
    expect(calls).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('retries a failed merged batch caller by caller, so only the bad caller fails', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder();
    const following = followPowerMode(provider, powerMode('low-power'));
    const first = following.embed?.(['first']);
    const good = following.embed?.(['good']);
    const bad = following.embed?.(['bad']);
    const outcome = Promise.allSettled([first, good, bad]);
    await releaseAll();
    const [a, b, c] = await outcome;
    expect(a?.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'fulfilled' });
    expect(c).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_REQUEST_FAILED' } });
    expect(calls).toEqual([['first'], ['good', 'bad'], ['good'], ['bad']]);
  });

  it('rejects a caller whose signal aborts while it waits, and leaves it out of the batch', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder();
    const following = followPowerMode(provider, powerMode('low-power'));
    const controller = new AbortController();
    const first = following.embed?.(['first']);
    const leaving = following.embed?.(['leaving'], { signal: controller.signal });
    const staying = following.embed?.(['staying']);
    controller.abort(new Error('caller left'));
    await expect(leaving).rejects.toThrow('caller left');
    await releaseAll();
    await Promise.all([first, staying]);
    expect(calls).toEqual([['first'], ['staying']]);
    await expect(following.embed?.(['late'], { signal: controller.signal })).rejects.toThrow('caller left');
  });

  it('leaves the embed calls of a provider that says batching does not help alone, also in low-power mode', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder({ batchingHelps: false });
    const following = followPowerMode(provider, powerMode('low-power'));
    const results = Promise.all([following.embed?.(['a']), following.embed?.(['bb']), following.embed?.(['ccc'])]);
    await releaseAll();
    const answered = await results;
    expect(calls).toEqual([['a'], ['bb'], ['ccc']]);
    expect(answered.map((r) => (r === undefined ? [] : lengths(r)))).toEqual([[1], [2], [3]]);
  });

  it('still merges when a provider says batching helps', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder({ batchingHelps: true });
    const following = followPowerMode(provider, powerMode('low-power'));
    const results = Promise.all([following.embed?.(['a']), following.embed?.(['bb']), following.embed?.(['ccc'])]);
    await releaseAll();
    await results;
    expect(calls).toEqual([['a'], ['bb', 'ccc']]);
  });

  it('in normal mode passes every call straight through, concurrently', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder();
    const following = followPowerMode(provider, powerMode('normal'));
    const results = Promise.all([following.embed?.(['a']), following.embed?.(['b'])]);
    await releaseAll();
    await results;
    expect(calls).toEqual([['a'], ['b']]);
    expect(Object.keys(following).sort()).toEqual(['capabilities', 'embed', 'health', 'name']);
  });

  it('in low-power mode runs generations one at a time, streams included, in arrival order', async () => {
    const power = powerMode('low-power');
    const journal: string[] = [];
    const scripted = createScriptedModelProvider({
      name: 's',
      script: [{ text: 'one' }, { text: 'two' }, { text: 'three' }, { text: 'four' }],
    });
    const tracked: ModelProvider = {
      ...scripted,
      generate: async (messages, options) => {
        journal.push(`start ${String(messages[0]?.content)}`);
        await new Promise<void>((resolve) => setImmediate(resolve));
        const reply = await scripted.generate?.(messages, options);
        journal.push(`end ${String(messages[0]?.content)}`);
        return reply as NonNullable<typeof reply>;
      },
    };
    const following = followPowerMode(tracked, power);
    const ask = (content: string) => following.generate?.([{ role: 'user', content }]);
    await Promise.all([ask('a'), ask('b')]);
    expect(journal).toEqual(['start a', 'end a', 'start b', 'end b']);
    journal.length = 0;
    power.mode = 'normal';
    await Promise.all([ask('c'), ask('d')]);
    expect(journal).toEqual(['start c', 'start d', 'end c', 'end d']);
  });

  it("takes its limits from the runtime's power service (power.lowPower), read per call; its own options win", async () => {
    const journal: string[] = [];
    const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
    const slow: ModelProvider = {
      name: 'slow',
      capabilities: { operations: ['generate'], generationModels: ['m'], locality: 'local', relativeCost: 0 },
      health: async () => ({ available: true }),
      generate: async (messages) => {
        journal.push(`start ${String(messages[0]?.content)}`);
        await tick();
        journal.push(`end ${String(messages[0]?.content)}`);
        return { model: 'm', text: 'x', finishReason: 'stop' };
      },
    };
    const power: PowerModeService & { lowPower: LowPowerLimits } = {
      mode: 'low-power',
      onChange: () => createDisposer(() => undefined),
      lowPower: { maxBatchInputs: 256, generationsAtOnce: 2 },
    };
    const following = followPowerMode(slow, power);
    const ask = (content: string) => following.generate?.([{ role: 'user', content }]);
    await Promise.all(['a', 'b', 'c'].map(ask));
    // Two at a time: c waits for a slot.
    expect(journal).toEqual(['start a', 'start b', 'end a', 'start c', 'end b', 'end c']);
    journal.length = 0;
    power.lowPower = { maxBatchInputs: 256, generationsAtOnce: 1 };
    await Promise.all(['d', 'e'].map(ask));
    expect(journal).toEqual(['start d', 'end d', 'start e', 'end e']);
    // The wrapper's own option beats the service's.
    journal.length = 0;
    const own = followPowerMode(slow, power, { generationsAtOnce: 3 });
    await Promise.all(['f', 'g', 'h'].map((content) => own.generate?.([{ role: 'user', content }])));
    expect(journal.slice(0, 3)).toEqual(['start f', 'start g', 'start h']);

    const { provider, calls, releaseAll } = gatedEmbedder();
    const embedding = followPowerMode(provider, { ...power, lowPower: { maxBatchInputs: 3, generationsAtOnce: 1 } });
    const results = Promise.all(['1', '2', '3', '4', '5', '6', '7'].map((t) => embedding.embed?.([t])));
    await releaseAll();
    await results;
    expect(calls).toEqual([['1'], ['2', '3', '4'], ['5', '6', '7']]);
  });

  it('in low-power mode holds the turn of a stream until it ends, also when the consumer leaves early', async () => {
    const journal: string[] = [];
    const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
    const label = (messages: readonly { content: unknown }[]) => String(messages[0]?.content);
    const slow: ModelProvider = {
      name: 'slow',
      capabilities: { operations: ['generate'], generationModels: ['m'], locality: 'local', relativeCost: 0, streaming: true },
      health: async () => ({ available: true }),
      generate: async (messages) => {
        journal.push(`${label(messages)} start`);
        await tick();
        journal.push(`${label(messages)} end`);
        return { model: 'm', text: 'x', finishReason: 'stop' };
      },
      async *stream(messages) {
        for (const part of [1, 2, 3]) {
          await tick();
          journal.push(`${label(messages)} part${part}`);
          yield { type: 'text-delta' as const, text: 'x' };
        }
      },
    };
    const run = async (mode: PowerMode) => {
      journal.length = 0;
      const following = followPowerMode(slow, powerMode(mode));
      const read = async (content: string, leaveEarly: boolean) => {
        for await (const _part of following.stream?.([{ role: 'user', content }]) ?? []) if (leaveEarly) break;
      };
      await Promise.all([read('a', true), read('b', false), following.generate?.([{ role: 'user', content: 'g' }])]);
      return [...journal];
    };
    expect(await run('low-power')).toEqual(['a part1', 'b part1', 'b part2', 'b part3', 'g start', 'g end']);
    // The same calls in normal mode interleave.
    expect(await run('normal')).not.toEqual(['a part1', 'b part1', 'b part2', 'b part3', 'g start', 'g end']);
  });

  it('is applied by defineProviderPlugin when the runtime has a power mode', async () => {
    const { provider, calls, releaseAll } = gatedEmbedder();
    const power = powerMode('low-power');
    const powerPlugin = definePlugin({ name: 'power', version: '1.0.0', provides: { power: powerModeToken }, start: () => ({ power }) });
    const gated = defineProviderPlugin({ name: 'gated', version: '1.0.0', create: () => provider });
    await using kernel = createTestKernel({ plugins: [routerPlugin(), gated(), powerPlugin()] });
    await kernel.start();
    const router = kernel.get(policyRouterToken);
    const results = Promise.all([router.embed(['a']), router.embed(['b']), router.embed(['c'])]);
    await releaseAll();
    expect((await results).map((r) => lengths(r))).toEqual([[1], [1], [1]]);
    expect(calls).toEqual([['a'], ['b', 'c']]);
  });
});
