import { z } from 'zod';
import { defineEvent, definePlugin, defineTool, kernelExtensionPoints } from '@cortex-os/kernel';
import { clockToken } from './clockPlugin.js';

export const tickedEvent = defineEvent({ type: 'example.ticked', version: '1.0.0', data: z.object({ at: z.number(), label: z.string() }) });

/**
 * Contributes the `example.tick` tool, which reads the clock and publishes `example.ticked`. The kernel
 * registers the tool once the plugin has started and removes it when the plugin stops.
 */
export const tickPlugin = definePlugin({
  name: 'tick',
  version: '1.0.0',
  options: z.object({ label: z.string().min(1).default('tick') }),
  requires: { clock: clockToken },
  contributes: { tools: kernelExtensionPoints.tools },
  events: [tickedEvent],
  start({ deps, options, events, logger }) {
    logger.debug({ label: options.label }, 'contributing the tick tool');
    return {
      tools: defineTool({
        name: 'example.tick',
        description: `Reports the current time, labelled "${options.label}".`,
        input: z.object({}),
        output: z.object({ at: z.number(), label: z.string() }),
        annotations: { readOnlyHint: true },
        handler: () => {
          const tick = { at: deps.clock.now(), label: options.label };
          events.publish(tickedEvent, tick);
          return tick;
        },
      }),
    };
  },
});
