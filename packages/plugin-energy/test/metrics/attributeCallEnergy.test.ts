import { createKernel, createLogger } from '@cortex-os/kernel';
import { policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { httpServiceToken } from '@cortex-os/http-api';
import { attributeCallEnergy, EnergyMeter, energyPlugin } from '@cortex-os/plugin-energy';
import { httpPlugin, httpRequestChannel, metricsRegistryToken } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { providerCallChannel } from '@cortex-os/provider-kit';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

const metricValue = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('attributeCallEnergy', () => {
  it('charges a provider call and a route the CPU time between their start and end, times the factor', async () => {
    const clock = { micros: 0 };
    const meter = await EnergyMeter.open({ rapl: false, wattsPerCore: 20, cpuUsage: () => ({ user: clock.micros, system: 0 }) });
    const registry = new Registry();
    const stop = attributeCallEnergy(meter, registry);
    const call = { provider: 'ollama', operation: 'embed' as const, model: 'nomic' };
    const request = { method: 'POST', route: '/api/v1/memories' };
    providerCallChannel.start.publish(call);
    httpRequestChannel.start.publish(request);
    clock.micros += 500_000; // both running: both are charged this half second (approximate under concurrency)
    providerCallChannel.asyncEnd.publish(call);
    clock.micros += 250_000;
    httpRequestChannel.asyncEnd.publish(request);
    stop[Symbol.dispose]();
    providerCallChannel.start.publish(call); // no longer listening
    clock.micros += 1_000_000;
    providerCallChannel.asyncEnd.publish(call);
    const text = await registry.metrics();
    expect(
      metricValue(text, 'cortex_energy_provider_joules_total{provider="ollama",model="nomic",operation="embed",source="estimate"}'),
    ).toBe(10);
    expect(metricValue(text, 'cortex_energy_route_joules_total{route="/api/v1/memories",method="POST",source="estimate"}')).toBe(15);
  });

  it('in a runtime, charges routed provider calls and HTTP routes by their pattern on /metrics', async () => {
    await using kernel = createKernel({
      plugins: [
        httpPlugin({ port: 0, listen: 'manual', metrics: { defaultMetrics: false } }),
        routerPlugin(),
        localEmbeddersPlugin(),
        energyPlugin({ rapl: false }),
      ],
      logger: createLogger({ level: 'silent' }),
    });
    await kernel.start();
    const http = kernel.get(httpServiceToken);
    const { url } = await http.listen();
    const response = await fetch(`${url}/metrics?ignored=1`);
    await response.text();
    // A long text, so the hashing embedder's call takes measurable CPU time.
    await kernel.get(policyRouterToken).embed(['energy '.repeat(200_000)]);
    const text = await kernel.get(metricsRegistryToken).metrics();
    const provider = text.split('\n').find((l) => l.startsWith('cortex_energy_provider_joules_total{provider="local-hashing",'));
    expect(provider).toMatch(/operation="embed",source="estimate"\} /);
    expect(Number(provider?.split(' ').at(-1))).toBeGreaterThan(0);
    expect(metricValue(text, 'cortex_energy_route_joules_total{route="/metrics",method="GET",source="estimate"}')).toBeGreaterThan(0);
    expect(text).not.toContain('ignored=1');
  });
});
