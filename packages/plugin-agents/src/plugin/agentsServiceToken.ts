import { createRequire } from 'node:module';
import { createToken, type Token } from '@cortex-os/kernel';
import type { AgentsService } from '../service/AgentsService.js';

const { name: packageName } = createRequire(import.meta.url)('../../package.json') as { name: string };

/**
 * The runtime's {@link AgentsService}, provided by `agentsPlugin`.
 * @public
 */
export const agentsServiceToken: Token<AgentsService> = createToken<AgentsService>('agents.service', {
  owner: { package: packageName, version: '1' },
});
