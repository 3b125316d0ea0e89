import { createRequire } from 'node:module';
import { createToken, type Token } from '@cortex-os/kernel';
import type { TasksService } from '../service/TasksService.js';

const { name: packageName } = createRequire(import.meta.url)('../../package.json') as { name: string };

/**
 * The runtime's {@link TasksService}, provided by `tasksPlugin`.
 * @public
 */
export const tasksServiceToken: Token<TasksService> = createToken<TasksService>('tasks.service', {
  owner: { package: packageName, version: '1' },
});
