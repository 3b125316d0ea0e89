import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentCard } from '@a2a-js/sdk';
import { DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { onTestFinished } from 'vitest';
import { buildAgentCard } from '../../src/server/buildAgentCard.js';
import { createA2aRestHandler } from '../../src/server/createA2aRestHandler.js';
import { echoExecutor } from './echoExecutor.js';

/**
 * The REST binding over the echo agent on a plain node:http server on 127.0.0.1 (the handler reads
 * the body itself), closed when the test ends; returns the binding's URL (`…/rest`) and the card.
 */
export async function serveEchoRest(pushNotifications = false): Promise<{ readonly rest: string; readonly card: AgentCard }> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const server = createServer((req, res) => void handle?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const card = buildAgentCard({
    name: 'echo',
    description: 'Echoes.',
    version: '1.0.0',
    url: `${base}/rpc`,
    restUrl: `${base}/rest`,
    agents: [{ name: 'echo', description: 'Echoes.', structuredOutput: false }],
    pushNotifications,
  });
  const rest = createA2aRestHandler({
    requestHandler: new DefaultRequestHandler(card, new InMemoryTaskStore(), echoExecutor),
    prefix: '/rest',
  });
  handle = (req, res) => rest.handle(req, res);
  return { rest: `${base}/rest`, card };
}
