import type { ModelProvider } from '@cortex-os/kernel/router';
import {
  defineProviderPlugin,
  fetchWithDeadline,
  isLoopbackUrl,
  readResponseText,
  type ProviderHttpProfile,
} from '@cortex-os/provider-kit';
import { z } from 'zod';

/** Options of {@link createEchoProvider}. */
export interface CreateEchoProviderOptions {
  /** Root of the echo server, e.g. `http://127.0.0.1:9000`. */
  readonly baseUrl: string;
  /** The model it serves. */
  readonly model: string;
}

/** A provider for a local "echo" model server: `GET /health`, and `POST /generate` answering `{ text }`. */
export function createEchoProvider(options: CreateEchoProviderOptions): ModelProvider {
  const http: ProviderHttpProfile = {
    provider: 'echo',
    baseUrl: options.baseUrl,
    timeoutMs: 30_000,
    idleTimeoutMs: 10_000,
    fetch: globalThis.fetch,
    unreachableHint: 'is the echo server running?',
  };
  // Failures come back as the kernel errors the router retries, breaks and falls back on.
  const call = <T>(method: string, path: string, payload?: unknown, signal?: AbortSignal): Promise<T> =>
    fetchWithDeadline(http, {
      method,
      path,
      payload,
      signal,
      headers: { 'content-type': 'application/json' },
      read: async (response, deadline) => JSON.parse(await readResponseText(response.body, deadline)) as T,
    });
  const locality = isLoopbackUrl(options.baseUrl) ? 'local' : 'remote';
  return {
    name: 'echo',
    capabilities: { operations: ['generate'], generationModels: [options.model], locality, relativeCost: 0 },
    async health({ signal } = {}) {
      try {
        await call('GET', '/health', undefined, signal);
        return { available: true };
      } catch (error) {
        return { available: false, reason: (error as Error).message };
      }
    },
    async generate(messages, { model = options.model, signal } = {}) {
      const { text } = await call<{ text: string }>('POST', '/generate', { model, messages }, signal);
      return { model, text, finishReason: 'stop' };
    },
  };
}

/** The plugin hosts add: `createKernel({ plugins: [routerPlugin(), echoPlugin({ baseUrl })] })`. */
export const echoPlugin = defineProviderPlugin({
  name: 'echo',
  version: '1.0.0',
  description: 'A local echo model server.',
  options: z.strictObject({ baseUrl: z.url({ protocol: /^https?$/ }), model: z.string().min(1).default('echo-1') }),
  create: (options) => createEchoProvider(options),
});
