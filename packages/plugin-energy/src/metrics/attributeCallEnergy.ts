import { type TracingChannel, tracingChannel } from 'node:diagnostics_channel';
import { createDisposer, type Disposer } from '@cortex-os/kernel';
import { httpRequestChannelName, type HttpRequestMessage } from '@cortex-os/plugin-http';
import { providerCallChannelName, type ProviderCallMessage } from '@cortex-os/provider-kit';
import { Counter, type Registry } from 'prom-client';
import type { EnergyMeter } from '../meter/EnergyMeter.js';

/**
 * Charges each call announced on `channel` the energy of the process CPU time between its
 * `start` and its `asyncEnd`; returns the unsubscriber.
 */
function chargeCalls<M extends object>(
  meter: EnergyMeter,
  channel: TracingChannel<unknown, M>,
  charge: (message: M, joules: number) => void,
): Disposer {
  const startedAt = new WeakMap<M, number>();
  const ignore = (): void => undefined;
  const handlers = {
    end: ignore,
    asyncStart: ignore,
    error: ignore,
    start(message: M) {
      startedAt.set(message, meter.cpuMicros());
    },
    asyncEnd(message: M) {
      const before = startedAt.get(message);
      if (before === undefined) return;
      startedAt.delete(message);
      charge(message, meter.joulesForCpu(meter.cpuMicros() - before));
    },
  };
  channel.subscribe(handlers);
  return createDisposer(() => channel.unsubscribe(handlers));
}

/**
 * Registers `cortex_energy_provider_joules_total{provider,model,operation,source}` and
 * `cortex_energy_route_joules_total{route,method,source}` on `registry`, and charges every
 * model-provider call (announced by provider-kit on `cortex-os:provider.call`) and every HTTP
 * request that reached a route (announced by plugin-http on `cortex-os:http.request`, labelled
 * with the route pattern, never the URL) the energy of the CPU time that passed while it ran.
 * Returns the disposer that stops charging.
 *
 * @remarks Diagnostics channels are process-wide, like the CPU time and package energy the meter
 * reads: two runtimes in one process each see both runtimes' calls. Figures are approximate under
 * concurrency (see the README's method).
 * @public
 */
export function attributeCallEnergy(meter: EnergyMeter, registry: Registry): Disposer {
  const source = meter.source;
  const registers = [registry];
  const providerJoules = new Counter({
    name: 'cortex_energy_provider_joules_total',
    help: "Energy attributed to model-provider calls by the CPU time that passed while each ran (approximate under concurrency: the process's CPU time is shared), by provider, model, operation and source.",
    labelNames: ['provider', 'model', 'operation', 'source'] as const,
    registers,
  });
  const routeJoules = new Counter({
    name: 'cortex_energy_route_joules_total',
    help: 'Energy attributed to HTTP requests by the CPU time that passed while each ran (approximate under concurrency), by route pattern, method and source.',
    labelNames: ['route', 'method', 'source'] as const,
    registers,
  });
  const stopProviders = chargeCalls(meter, tracingChannel<unknown, ProviderCallMessage>(providerCallChannelName), (call, joules) =>
    providerJoules.inc({ provider: call.provider, model: call.model ?? '', operation: call.operation, source }, joules),
  );
  const stopRoutes = chargeCalls(meter, tracingChannel<unknown, HttpRequestMessage>(httpRequestChannelName), (request, joules) =>
    routeJoules.inc({ route: request.route, method: request.method, source }, joules),
  );
  return createDisposer(() => {
    stopProviders();
    stopRoutes();
  });
}
