// Issue 23 §2: the generated SLO rules, checked and unit-tested by Prometheus's own promtool on
// synthetic series — each burn-rate alert fires when the budget burns that fast, and not otherwise.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AlertingRule, formatRuleFile, generateSloRules, parseSlos } from '@cortex-os/plugin-slo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promtoolForTests } from '../support/promtoolForTests.js';

const promtool = await promtoolForTests('the SLO rule tests are');

const slos = parseSlos([
  {
    name: 'tools',
    route: { path: '/api/v1/tools/:name', method: 'POST' },
    errors: { objective: 0.999 },
    latency: { objective: 0.95, thresholdMs: 250 },
  },
  { name: 'search', tool: 'memory.search', errors: { objective: 0.99 } },
]);
const rules = generateSloRules(slos, { job: 'cortex' });
const alerts = rules.groups.flatMap((group) => group.rules.filter((rule): rule is AlertingRule => 'alert' in rule));

const ROUTE = 'job="cortex",route="/api/v1/tools/:name",method="POST"';
const requests = (status: number, values: string) => ({
  series: `http_server_request_duration_seconds_count{${ROUTE},status="${status}"}`,
  values,
});
const fast = (status: number, values: string) => ({
  series: `http_server_request_duration_seconds_bucket{${ROUTE},status="${status}",le="0.25"}`,
  values,
});

/** The alerts promtool must see firing: the generated rules' own labels and annotations for those windows. */
function expected(slo: string, sli: string, longWindows: readonly string[]) {
  return longWindows.map((window) => {
    const rule = alerts.find((alert) => alert.expr.includes(`slo="${slo}",sli="${sli}"`) && alert.labels?.['long_window'] === window);
    if (rule === undefined) throw new Error(`no ${slo}/${sli} alert over ${window}`);
    return { exp_labels: rule.labels, exp_annotations: rule.annotations };
  });
}

const burn = (evalTime: string, exp_alerts: unknown[]) => ({ eval_time: evalTime, alertname: 'CortexSloErrorBudgetBurn', exp_alerts });

const scenarios = [
  {
    name: '2 % errors against a 0.1 % budget (burn 20): both pages and both tickets',
    interval: '1m',
    input_series: [requests(200, '0+980x90'), requests(500, '0+20x90'), fast(200, '0+980x90'), fast(500, '0+20x90')],
    alert_rule_test: [burn('65m', expected('tools', 'errors', ['1h', '6h', '1d', '3d']))],
  },
  {
    name: '0.5 % errors (burn 5): tickets, no page; the budget is overspent four times',
    interval: '1m',
    input_series: [requests(200, '0+995x90'), requests(500, '0+5x90'), fast(200, '0+995x90'), fast(500, '0+5x90')],
    alert_rule_test: [burn('65m', expected('tools', 'errors', ['1d', '3d']))],
    promql_expr_test: [
      {
        expr: 'round(cortex_slo:error_budget_remaining:ratio{slo="tools",sli="errors"} * 1000)',
        eval_time: '65m',
        exp_samples: [{ labels: '{slo="tools",sli="errors",window="30d"}', value: -4000 }],
      },
    ],
  },
  {
    name: '0.05 % errors (burn 0.5): within budget, nothing fires',
    interval: '1m',
    input_series: [requests(200, '0+1999x90'), requests(500, '0+1x90'), fast(200, '0+1999x90'), fast(500, '0+1x90')],
    alert_rule_test: [burn('65m', [])],
  },
  {
    name: 'a 10-minute outage pages while it lasts; 35 minutes later the short windows have let the pages go',
    interval: '1m',
    input_series: [
      requests(200, '0x10 100+100x50'),
      requests(500, '0+100x10 1000x50'),
      fast(200, '0x10 100+100x50'),
      fast(500, '0+100x10 1000x50'),
    ],
    alert_rule_test: [
      burn('8m', expected('tools', 'errors', ['1h', '6h', '1d', '3d'])),
      burn('45m', expected('tools', 'errors', ['1d', '3d'])),
    ],
  },
  {
    name: '10 % of requests slower than 250 ms against p95 (burn 2): only the 3-day ticket',
    interval: '1m',
    input_series: [requests(200, '0+1000x90'), fast(200, '0+900x90')],
    alert_rule_test: [burn('65m', expected('tools', 'latency', ['3d']))],
  },
  {
    name: 'no traffic: no ratio, no alert',
    interval: '1m',
    input_series: [requests(200, '0x90'), requests(500, '0x90')],
    alert_rule_test: [burn('65m', [])],
    promql_expr_test: [{ expr: 'cortex_slo:error_budget_remaining:ratio{slo="tools"}', eval_time: '65m', exp_samples: [] }],
  },
  {
    name: 'a tool failing 7 % of its calls against a 1 % budget (burn 7): the 6-hour page and the tickets',
    interval: '1m',
    input_series: [
      { series: 'cortex_tool_calls_total{job="cortex",tool="memory.search",outcome="ok"}', values: '0+93x90' },
      { series: 'cortex_tool_calls_total{job="cortex",tool="memory.search",outcome="error"}', values: '0+7x90' },
    ],
    alert_rule_test: [burn('65m', expected('search', 'errors', ['6h', '1d', '3d']))],
  },
];

describe.skipIf(promtool === undefined)('generated SLO rules, under promtool', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cortex-slo-'));
    await writeFile(join(dir, 'slo.rules.yml'), formatRuleFile(rules));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pass `promtool check rules`', async () => {
    const run = await promtool?.(['check', 'rules', join(dir, 'slo.rules.yml')]);
    expect(run?.output).toContain('SUCCESS');
    expect(run?.ok).toBe(true);
  });

  it.each(scenarios)('$name', async (scenario) => {
    const { name: _name, ...test } = scenario;
    const file = join(dir, `test-${scenarios.indexOf(scenario)}.json`);
    // promtool reads YAML; JSON is YAML.
    await writeFile(file, JSON.stringify({ rule_files: ['slo.rules.yml'], evaluation_interval: '1m', tests: [test] }));
    const run = await promtool?.(['test', 'rules', file]);
    expect(run?.output).toContain('SUCCESS');
    expect(run?.ok).toBe(true);
  });

  it('fail `promtool test rules` when an alert is expected that the burn does not justify (the check can fail)', async () => {
    const file = join(dir, 'test-wrong.json');
    const test = { ...scenarios[2], alert_rule_test: [burn('65m', expected('tools', 'errors', ['3d']))] };
    delete (test as { name?: string }).name;
    await writeFile(file, JSON.stringify({ rule_files: ['slo.rules.yml'], evaluation_interval: '1m', tests: [test] }));
    const run = await promtool?.(['test', 'rules', file]);
    expect(run?.ok).toBe(false);
    expect(run?.output).toContain('FAILED');
  });
});
