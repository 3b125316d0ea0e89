import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Finds a port of 127.0.0.1 where nothing listens (a server was there and has closed), to test
 * how a provider reports a connection refused.
 *
 * @example
 * ```ts
 * const provider = createOpenAiProvider({ baseUrl: `http://127.0.0.1:${await closedPort()}/v1`, generationModels: ['m'] });
 * await expectCortexError(provider.generate!([{ role: 'user', content: 'hi' }]), 'PROVIDER_UNAVAILABLE');
 * ```
 * @public
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
