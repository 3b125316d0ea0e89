import { defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { startAgentKernel } from '../support/agentKernel.js';

const city = z.object({ name: z.string(), population: z.number().int() });
const geographer = defineAgent({
  name: 'geographer',
  description: 'Describes a city.',
  instructions: 'Answer with the city as JSON.',
  output: city,
  budgets: { maxOutputRetries: 1 },
});

describe('AgentRunLoop structured output', () => {
  it('asks for the response format and returns the validated, typed output', async () => {
    await using runtime = await startAgentKernel({
      agents: [geographer],
      model: { script: [{ text: '{"name":"Oslo","population":709000}' }] },
    });
    const result = await runtime.agents.run(geographer, { input: 'Oslo?' });
    expectTypeOf(result.output).toEqualTypeOf<{ name: string; population: number } | undefined>();
    expect(result).toMatchObject({ status: 'completed', reason: 'structured-output', output: { name: 'Oslo', population: 709000 } });
    expect(runtime.model.requests[0]?.options.responseFormat).toMatchObject({ type: 'json_schema', name: 'geographer_output' });
    expect(runtime.model.requests[0]?.options.tools).toBeUndefined();
  });

  it('feeds a bad output back to the model and accepts the corrected one', async () => {
    await using runtime = await startAgentKernel({
      agents: [geographer],
      model: { script: [{ text: '{"name":"Oslo","population":"many"}' }, { text: '{"name":"Oslo","population":709000}' }] },
    });
    const result = await runtime.agents.run(geographer, { input: 'Oslo?' });
    expect(result).toMatchObject({ status: 'completed', output: { name: 'Oslo', population: 709000 } });
    expect(result.steps[0]?.outputError).toMatchObject({ code: 'PROVIDER_STRUCTURED_OUTPUT_INVALID' });
    const correction = runtime.model.requests[1]?.messages.at(-1);
    expect(correction).toMatchObject({ role: 'user' });
    expect(correction?.content).toContain('population');
    expect(correction?.content).toContain('Reply again with only the JSON of "geographer_output"');
    expect(result.trace.filter((entry) => entry.type === 'output.rejected')).toHaveLength(1);
  });

  it('fails with output-invalid once the corrections allowed are spent', async () => {
    await using runtime = await startAgentKernel({
      agents: [geographer],
      model: { script: [{ text: 'Oslo!' }, { text: '{"name":1}' }, { text: 'unused' }] },
    });
    const result = await runtime.agents.run(geographer, { input: 'Oslo?' });
    expect(result).toMatchObject({ status: 'failed', reason: 'output-invalid', error: { code: 'AGENT_OUTPUT_INVALID' } });
    expect(result.error?.message).toBe('Agent "geographer" gave no output matching its schema after 2 attempts.');
    expect(result.output).toBeUndefined();
    expect(runtime.model.remaining).toBe(1);
  });
});
