import { randomUUID } from 'node:crypto';
// Issue 23 §2: the runtime's alerts, runbooks and dashboard hold together. promtool checks and
// unit-tests the alert rules on synthetic series; every alert links a runbook that exists; every
// metric an alert, a generated SLO rule or the Grafana dashboard reads is one a runtime exports.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { energyPlugin } from '@cortex-os/plugin-energy';
import { eventsPlugin } from '@cortex-os/plugin-events';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin, metricsRegistryToken } from '@cortex-os/plugin-http';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { createRedisStreamsTransport, redisEventsMetricsPlugin } from '@cortex-os/events-redis';
import { redisTestUrl } from '../events-redis/redisForTests.js';
import { type AlertingRule, generateSloRules, type PrometheusRuleFile, parseSlos, sloPlugin } from '@cortex-os/plugin-slo';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../support/builtFile.js';
import { promtoolForTests } from '../support/promtoolForTests.js';

const promtool = await promtoolForTests('the runtime alert rule tests are');

const alertsDir = join(repoRoot, 'docs/alerts');
const runbooksDir = join(repoRoot, 'docs/runbooks');
const ruleFiles = readdirSync(alertsDir).filter((name) => name.endsWith('.rules.yml'));
const runtimeRules = ruleFiles.flatMap((name) => (parse(readFileSync(join(alertsDir, name), 'utf8')) as PrometheusRuleFile).groups);
const sloSlos = parseSlos([
  {
    name: 'tools',
    route: { path: '/api/v1/tools/:name', method: 'POST' },
    errors: { objective: 0.999 },
    latency: { objective: 0.95, thresholdMs: 250 },
  },
  { name: 'echo', tool: 'test.echo', errors: { objective: 0.99 } },
]);
const sloRules = generateSloRules(sloSlos).groups;
const alerts = [...runtimeRules, ...sloRules].flatMap((group) => group.rules.filter((rule): rule is AlertingRule => 'alert' in rule));

/** Metric names a PromQL expression reads (recording-rule names, with `:`, are left out). */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const keywords = new Set([
    'and',
    'or',
    'unless',
    'bool',
    'offset',
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'vector',
    'inf',
    'nan',
  ]);
  // A whole identifier, then a look at what follows it: a `(` makes it a function.
  return [...bare.matchAll(/(?<![\w$.:])[a-zA-Z_:][\w:]*/g)]
    .filter((match) => !/^\s*\(/.test(bare.slice((match.index ?? 0) + match[0].length)))
    .map((match) => match[0])
    .filter((name) => !keywords.has(name.toLowerCase()) && !name.includes(':'));
}

describe.skipIf(promtool === undefined)('the runtime alert rules, under promtool', () => {
  it.each(ruleFiles)('%s passes `promtool check rules`', async (name) => {
    const run = await promtool?.(['check', 'rules', join(alertsDir, name)]);
    expect(run?.output).toContain('SUCCESS');
    expect(run?.ok).toBe(true);
  });

  it('fire on synthetic series when they should, and not otherwise (`promtool test rules`)', async () => {
    const run = await promtool?.(['test', 'rules', join(alertsDir, 'cortex-runtime.test.yml')]);
    expect(run?.output).toContain('SUCCESS');
    expect(run?.ok).toBe(true);
  });
});

describe('runbooks', () => {
  const runbooks = readdirSync(runbooksDir).filter((name) => name.endsWith('.md') && name !== 'README.md');

  it('every alert links a runbook that exists, and every runbook says symptoms, metrics and action', () => {
    expect(alerts.length).toBeGreaterThan(9);
    for (const alert of alerts) {
      const url = alert.annotations?.['runbook_url'] ?? '';
      expect(url, alert.alert).toMatch(/^docs\/runbooks\/[a-z0-9-]+\.md$/);
      expect(runbooks, `${alert.alert} → ${url}`).toContain(url.replace('docs/runbooks/', ''));
    }
    for (const name of runbooks) {
      const text = readFileSync(join(runbooksDir, name), 'utf8');
      expect(text, name).toMatch(/^# .+\n/);
      for (const section of ['## Symptoms', '## Metrics', '## Action']) expect(text, `${name}: ${section}`).toContain(section);
    }
  });

  it('cover each failure mode the reliability work names, and the index lists them all', () => {
    const modes = [
      'readiness-failing',
      'store-unwritable',
      'index-rebuilt',
      'breaker-open',
      'drain-deadline',
      'mcp-session-cap',
      'load-shedding',
      'task-leases-expiring',
      'redis-unreachable',
    ];
    for (const mode of modes) expect(runbooks).toContain(`${mode}.md`);
    const index = readFileSync(join(runbooksDir, 'README.md'), 'utf8');
    for (const name of runbooks) expect(index, name).toContain(`](${name})`);
  });
});

describe('metrics the alerts and the dashboard read', () => {
  it('are all exported by a runtime', async () => {
    const dashboard = JSON.parse(readFileSync(join(repoRoot, 'docs/grafana/cortex-os.json'), 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const exprs = [
      ...[...runtimeRules, ...sloRules].flatMap((group) => group.rules.map((rule) => rule.expr)),
      ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ];
    const used = new Set(exprs.flatMap(metricsIn));
    expect(used).toContain('http_server_request_duration_seconds_bucket');
    expect(used).toContain('cortex_energy_joules_total');
    expect(used).toContain('cortex_task_leases_expired_total');
    expect(used).toContain('cortex_events_transport_up');
    expect(used).toContain('cortex_events_log_dropped_total');

    // The Redis Streams transport's metrics need a Redis (required under CI=true, else skipped loudly).
    const redis = redisTestUrl();
    const transport =
      redis.url === undefined ? undefined : createRedisStreamsTransport({ url: redis.url, stream: `alerts:${randomUUID()}` });
    onTestFinished(() => transport?.close());
    await using kernel = createKernel({
      plugins: [
        httpPlugin({ port: 0, listen: 'manual' }),
        ...(transport === undefined ? [] : [redisEventsMetricsPlugin(transport)]),
        healthPlugin(),
        energyPlugin({ gridIntensityGramsPerKwh: 300 }),
        sloPlugin({ slos: sloSlos }),
        tasksPlugin({ file: ':memory:' }),
        eventsPlugin({ file: ':memory:' }),
      ],
      logger: createLogger({ level: 'silent' }),
    });
    kernel.tools.register(
      defineTool({
        name: 'test.echo',
        description: 'Echoes.',
        input: z.object({ text: z.string() }),
        handler: ({ text }) => ({ content: [{ type: 'text', text }] }),
      }),
    );
    await kernel.start();
    const text = await kernel.get(metricsRegistryToken).metrics();
    const exported = new Set(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name = '', type]) =>
        type === 'histogram'
          ? [`${name}_bucket`, `${name}_count`, `${name}_sum`]
          : type === 'summary'
            ? [name, `${name}_count`, `${name}_sum`]
            : [name],
      ),
    );
    // Without Redis only the transport's own metrics go unchecked; the event log's are always there.
    const unchecked =
      transport === undefined ? (name: string) => name.startsWith('cortex_events_') && !name.startsWith('cortex_events_log_') : () => false;
    expect([...used].filter((name) => !exported.has(name) && !unchecked(name)).sort()).toEqual([]);
  });

  it('are found in expressions by name, not by label or function', () => {
    expect(
      metricsIn('sum by (le, tool) (rate(cortex_tool_call_duration_seconds_bucket{job=~"$job",tool="a:b"}[$__rate_interval]))'),
    ).toEqual(['cortex_tool_call_duration_seconds_bucket']);
    expect(
      metricsIn('cortex_slo:sli_error:ratio_rate1h / on (slo, sli) group_left () (1 - max by (slo, sli) (cortex_slo_objective_ratio))'),
    ).toEqual(['cortex_slo_objective_ratio']);
  });
});
