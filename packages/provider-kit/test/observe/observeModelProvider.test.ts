import { tracingChannel } from 'node:diagnostics_channel';
import { policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { defineProviderPlugin, observeModelProvider, providerCallChannelName, type ProviderCallMessage } from '@cortex-os/provider-kit';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { hashEmbedder as embedder } from '../support/hashEmbedder.js';

/** Records what the provider-call channel announces, as `start provider/operation/model` and `end … outcome`. */
function listen(): { readonly seen: string[]; readonly stop: () => void } {
  const seen: string[] = [];
  const channel = tracingChannel<unknown, ProviderCallMessage>(providerCallChannelName);
  const ignore = (): void => undefined;
  const handlers = {
    end: ignore,
    asyncStart: ignore,
    error: ignore,
    start: (m: ProviderCallMessage) => seen.push(`start ${m.provider}/${m.operation}/${m.model ?? '-'}`),
    asyncEnd: (m: ProviderCallMessage) => seen.push(`end ${m.provider}/${m.operation} ${m.outcome ?? '?'}`),
  };
  channel.subscribe(handlers);
  return { seen, stop: () => channel.unsubscribe(handlers) };
}

let listener: ReturnType<typeof listen> | undefined;
afterEach(() => listener?.stop());

describe('observeModelProvider', () => {
  it('announces generate, stream and embed calls with provider, operation, model and outcome', async () => {
    listener = listen();
    const scripted = observeModelProvider(createScriptedModelProvider({ name: 'scripted', script: [{ text: 'a' }, { text: 'b' }] }));
    await scripted.generate?.([{ role: 'user', content: 'hi' }], { model: 'tiny' });
    const parts: string[] = [];
    for await (const part of scripted.stream?.([{ role: 'user', content: 'hi' }]) ?? []) parts.push(part.type);
    const hash = observeModelProvider(embedder);
    await hash.embed?.(['x']);
    await expect(hash.embed?.(['fail'])).rejects.toThrow('refused');
    expect(parts).toContain('finish');
    expect(listener.seen).toEqual([
      'start scripted/generate/tiny',
      'end scripted/generate ok',
      'start scripted/stream/scripted-model',
      'end scripted/stream ok',
      'start hash/embed/hash-4',
      'end hash/embed ok',
      'start hash/embed/hash-4',
      'end hash/embed error',
    ]);
  });

  it('ends a stream the consumer leaves early', async () => {
    listener = listen();
    const scripted = observeModelProvider(createScriptedModelProvider({ name: 's', script: [{ text: 'a long answer' }] }));
    for await (const _part of scripted.stream?.([{ role: 'user', content: 'hi' }]) ?? []) break;
    expect(listener.seen).toEqual(['start s/stream/scripted-model', 'end s/stream error']);
  });

  it('goes straight through with no subscriber, and keeps exactly the methods the provider has', async () => {
    const hash = observeModelProvider(embedder);
    expect(Object.keys(hash).sort()).toEqual(['capabilities', 'embed', 'health', 'name']);
    await expect(hash.embed?.(['x'])).resolves.toMatchObject({ model: 'hash-4' });
  });

  it('wraps every provider defineProviderPlugin contributes, so routed calls are announced', async () => {
    listener = listen();
    const plugin = defineProviderPlugin({ name: 'hashes', version: '1.0.0', create: () => embedder });
    await using kernel = createTestKernel({ plugins: [routerPlugin(), plugin()] });
    await kernel.start();
    await kernel.get(policyRouterToken).embed(['routed']);
    expect(listener.seen).toEqual(['start hash/embed/hash-4', 'end hash/embed ok']);
  });
});
