import { formatRuleFile, generateSloRules, parseSlos } from '@cortex-os/plugin-slo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const slos = parseSlos([
  {
    name: 'tools',
    route: { path: '/api/v1/tools/:name', method: 'POST' },
    errors: { objective: 0.999 },
    latency: { objective: 0.95, thresholdMs: 250 },
  },
  { name: 'search', tool: 'memory.search', errors: { objective: 0.99 }, window: '7d' },
]);

describe('generateSloRules', () => {
  it('records each error ratio from the runtime metrics, and raises burn alerts that link the runbook', () => {
    const file = generateSloRules(slos, { job: 'cortex' });
    expect(file.groups.map((group) => group.name)).toEqual(['cortex-slo-tools', 'cortex-slo-search']);
    const tools = file.groups[0]?.rules ?? [];
    expect(tools).toContainEqual({
      record: 'cortex_slo:sli_error:ratio_rate5m',
      expr:
        '(sum(rate(http_server_request_duration_seconds_count{job="cortex",route="/api/v1/tools/:name",method="POST",status=~"5.."}[5m])) or vector(0)) / ' +
        '(sum(rate(http_server_request_duration_seconds_count{job="cortex",route="/api/v1/tools/:name",method="POST"}[5m])) > 0)',
      labels: { slo: 'tools', sli: 'errors' },
    });
    expect(tools).toContainEqual({
      record: 'cortex_slo:sli_error:ratio_rate30d',
      expr:
        '1 - (sum(rate(http_server_request_duration_seconds_bucket{job="cortex",route="/api/v1/tools/:name",method="POST",le="0.25"}[30d])) / ' +
        '(sum(rate(http_server_request_duration_seconds_count{job="cortex",route="/api/v1/tools/:name",method="POST"}[30d])) > 0))',
      labels: { slo: 'tools', sli: 'latency' },
    });
    expect(tools).toContainEqual({
      record: 'cortex_slo:error_budget_remaining:ratio',
      expr: '1 - (cortex_slo:sli_error:ratio_rate30d{slo="tools",sli="errors"} / 0.001)',
      labels: { slo: 'tools', sli: 'errors', window: '30d' },
    });
    const page = tools.find((rule) => 'alert' in rule && rule.labels?.['long_window'] === '1h');
    expect(page).toMatchObject({
      alert: 'CortexSloErrorBudgetBurn',
      expr: 'cortex_slo:sli_error:ratio_rate1h{slo="tools",sli="errors"} > 0.0144 and cortex_slo:sli_error:ratio_rate5m{slo="tools",sli="errors"} > 0.0144',
      labels: { slo: 'tools', sli: 'errors', severity: 'page', long_window: '1h', short_window: '5m' },
      annotations: { runbook_url: 'docs/runbooks/slo-error-budget-burn.md' },
    });
    const search = file.groups[1]?.rules ?? [];
    expect(search.filter((rule) => 'alert' in rule).map((rule) => rule.labels?.['long_window'])).toEqual(['1h', '6h']);
    expect(search).toContainEqual(
      expect.objectContaining({
        expr: expect.stringContaining('cortex_tool_calls_total{job="cortex",tool="memory.search",outcome="error"}[7d]'),
      }),
    );
  });

  it('writes YAML that reads back as the same rules, whatever the names and descriptions hold (property)', () => {
    const text = fc.string({ maxLength: 30 });
    fc.assert(
      fc.property(text, text, (tool, description) => {
        const file = generateSloRules(parseSlos([{ name: 'x', tool: tool || 't', description, errors: { objective: 0.9 } }]), {
          runbookBaseUrl: 'https://runbooks.example/',
        });
        expect(parse(formatRuleFile(file))).toEqual(JSON.parse(JSON.stringify(file)));
      }),
      { seed: 34, numRuns: 200 },
    );
  });
});

describe('generateSloRules on a hand-built definition', () => {
  it('refuses a window that is not a duration with SLO_INVALID naming the SLO, instead of assuming 30 days', () => {
    const [first] = slos;
    if (first === undefined) throw new Error('fixture has an SLO');
    const broken = { ...first, window: 'a month' };
    expect(() => generateSloRules([broken])).toThrowError(
      expect.objectContaining({
        code: 'SLO_INVALID',
        details: { problems: [{ path: ['tools', 'window'], message: expect.stringContaining('"a month"') }] },
      }),
    );
  });
});
