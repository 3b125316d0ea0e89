import { randomBytes } from 'node:crypto';
import type { Logger } from '@cortex-os/kernel';
import { agentsServiceToken } from '@cortex-os/plugin-agents';
import { startTravelRuntime } from './startTravelRuntime.js';
import { startWeatherRuntime } from './startWeatherRuntime.js';

/**
 * Starts runtime B (weather) then runtime A (travel) on 127.0.0.1, runs A's `trip-planner`, whose
 * only tool call goes to B's `forecaster` over A2A, prints what happened, and stops both.
 */
export async function runDelegationDemo(print: (line: string) => void, logger?: Logger): Promise<void> {
  // A fresh token per run: never a literal in the repository.
  const token = randomBytes(24).toString('base64url');
  await using weather = await startWeatherRuntime({ token, ...(logger === undefined ? {} : { logger }) });
  const weatherUrl = weather.address?.url ?? '';
  print(`runtime B (weather) serves its agent over A2A at ${weatherUrl}/a2a/jsonrpc (bearer token required)`);
  await using travel = await startTravelRuntime({ weatherUrl, token, ...(logger === undefined ? {} : { logger }) });
  print(`runtime A (travel) at ${travel.address?.url ?? ''} imported B's agent as the tool a2a.weather`);
  print('(both models are scripted stand-ins: no language model is called)');

  const result = await travel.kernel.get(agentsServiceToken).run('trip-planner', {
    input: 'I am going to Oslo. What should I pack?',
    // A remote agent may do anything, so its tool is not read-only: the run asks before calling it.
    approve: (request) => {
      print(`approve ${request.tool}? yes`);
      return true;
    },
  });
  for (const call of result.steps.flatMap((step) => step.toolCalls)) {
    print(`A called ${call.tool} (approval ${call.approval}) → ${call.outcome}: ${call.content}`);
  }
  print(`A's answer (${result.status}): ${result.text}`);
}
