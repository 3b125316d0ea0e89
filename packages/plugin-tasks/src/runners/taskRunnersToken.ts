import { createRequire } from 'node:module';
import { createToken, type Token } from '@cortex-os/kernel';
import type { TaskRunnerRegistry } from './TaskRunnerRegistry.js';

const { name: packageName } = createRequire(import.meta.url)('../../package.json') as { name: string };

/**
 * The runtime's {@link TaskRunnerRegistry}, provided by `tasksPlugin`: where plugins register
 * runners for tasks that are not agent runs.
 * @public
 */
export const taskRunnersToken: Token<TaskRunnerRegistry> = createToken<TaskRunnerRegistry>('tasks.runners', {
  owner: { package: packageName, version: '1' },
});
