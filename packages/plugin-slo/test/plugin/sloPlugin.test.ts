import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { httpPlugin, metricsRegistryToken } from '@cortex-os/plugin-http';
import { type SloRulesOutput, sloPlugin } from '@cortex-os/plugin-slo';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const echo = defineTool({
  name: 'test.echo',
  description: 'Echoes its text.',
  input: z.object({ text: z.string() }),
  handler: ({ text }) => ({ content: [{ type: 'text', text }] }),
});

describe('sloPlugin', () => {
  it('exports the objectives, and its rules select series the runtime really writes', async () => {
    await using kernel = createKernel({
      plugins: [
        httpPlugin({ port: 0, listen: 'manual', metrics: { defaultMetrics: false } }),
        sloPlugin({
          slos: [{ name: 'echo', tool: 'test.echo', errors: { objective: 0.99 }, latency: { objective: 0.9, thresholdMs: 250 } }],
        }),
      ],
      logger: createLogger({ level: 'silent' }),
    });
    kernel.tools.register(echo);
    await kernel.start();
    await kernel.tools.call('test.echo', { text: 'hi' });
    const metrics = await kernel.get(metricsRegistryToken).metrics();
    expect(metrics).toContain('cortex_slo_objective_ratio{slo="echo",sli="errors"} 0.99');
    expect(metrics).toContain('cortex_slo_objective_ratio{slo="echo",sli="latency"} 0.9');

    const { structured } = await kernel.tools.call('slo.rules', {});
    const { yaml, slos } = structured as SloRulesOutput;
    expect(slos).toEqual(['echo']);
    // The bucket the latency rule reads is one prom-client writes, label for label.
    expect(yaml).toContain('cortex_tool_call_duration_seconds_bucket{tool=\\"test.echo\\",le=\\"0.25\\"}');
    expect(metrics).toMatch(/^cortex_tool_call_duration_seconds_bucket\{le="0\.25",tool="test\.echo"\} 1$/m);
    expect(metrics).toMatch(/^cortex_tool_calls_total\{tool="test\.echo",outcome="ok"\} 1$/m);
  });

  it('refuses bad SLOs when the kernel is assembled, naming the path of each problem', () => {
    expect(() =>
      createKernel({
        plugins: [sloPlugin({ slos: [{ name: 'x', tool: 't', latency: { objective: 0.9, thresholdMs: 300 } }] })],
        logger: createLogger({ level: 'silent' }),
      }),
    ).toThrow(
      /PLUGIN_OPTIONS_INVALID\] Plugin "slo" options are invalid: slos\[0\]\.latency\.thresholdMs: a latency threshold is a bucket/,
    );
  });
});
