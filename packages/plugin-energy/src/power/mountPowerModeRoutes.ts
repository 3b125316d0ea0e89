import type { HttpService } from '@cortex-os/http-api';
import { z } from 'zod';
import { powerModeAnswerSchema, powerModeSchema } from './createPowerModeTool.js';
import type { PowerModeSwitch } from './PowerModeSwitch.js';

/**
 * Mounts `GET` and `PUT {restBasePath}/energy/power-mode` (body `{ "mode": "low-power" }`); both
 * answer `{ mode, previous }`. Authenticated like every REST route (`default`).
 */
export function mountPowerModeRoutes(http: HttpService, power: PowerModeSwitch): void {
  const path = `${http.restBasePath}/energy/power-mode`;
  http.route({
    method: 'GET',
    path,
    description: 'The runtime power mode (normal or low-power).',
    response: powerModeAnswerSchema,
    handler: () => ({ mode: power.mode, previous: power.mode }),
  });
  http.route({
    method: 'PUT',
    path,
    description: 'Switches the runtime power mode.',
    body: z.object({ mode: powerModeSchema }).strict(),
    response: powerModeAnswerSchema,
    handler: ({ body }) => {
      const previous = power.set(body.mode);
      return { mode: power.mode, previous };
    },
  });
}
