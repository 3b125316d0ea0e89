import type { ToolInterceptor } from '@cortex-os/kernel';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EnergyMeter } from '../meter/EnergyMeter.js';

/**
 * The energy metrics on a prom-client registry, and the interceptor that attributes energy to tool calls.
 * @public
 */
export interface EnergyMetrics {
  /** Charges each tool call the energy of the CPU time it used (see the README's method). */
  readonly toolInterceptor: ToolInterceptor;
}

/**
 * Registers, on `registry`: `cortex_energy_joules_total{source}` (read from the meter on each
 * scrape), `cortex_energy_joules_per_cpu_second{source}`, `cortex_energy_tool_joules_total{tool,source}`
 * and, with a grid intensity, `cortex_energy_carbon_grams_total{source}`.
 * @public
 */
export function createEnergyMetrics(meter: EnergyMeter, registry: Registry): EnergyMetrics {
  const registers = [registry];
  const source = meter.source;
  // Counters only go up: each scrape adds what the meter counted since the last one. The metrics
  // of one scrape are collected concurrently; they share one sample so joules and carbon agree.
  let reportedJoules = 0;
  let sampling: Promise<number> | undefined;
  const sampleOnce = (): Promise<number> => {
    sampling ??= meter.sample().finally(() => {
      sampling = undefined;
    });
    return sampling;
  };
  const joules = new Counter({
    name: 'cortex_energy_joules_total',
    help: 'Energy since the runtime started, in joules, by source (rapl: measured package energy; estimate: CPU time times a declared wattage).',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      const total = await sampleOnce();
      if (total > reportedJoules) this.inc({ source }, total - reportedJoules);
      reportedJoules = Math.max(reportedJoules, total);
    },
  });
  joules.inc({ source }, 0);
  new Gauge({
    name: 'cortex_energy_joules_per_cpu_second',
    help: 'The factor energy attribution uses: joules per CPU-second of this process, by source.',
    labelNames: ['source'] as const,
    registers,
    collect() {
      this.set({ source }, meter.joulesPerCpuSecond());
    },
  });
  if (meter.carbonGrams(1) !== undefined) {
    new Counter({
      name: 'cortex_energy_carbon_grams_total',
      help: 'Carbon estimate for the energy since start (grams CO2e, from the configured grid intensity), by source.',
      labelNames: ['source'] as const,
      registers,
      async collect() {
        const total = await sampleOnce();
        this.reset();
        this.inc({ source }, meter.carbonGrams(Math.max(reportedJoules, total)) ?? 0);
      },
    });
  }
  const toolJoules = new Counter({
    name: 'cortex_energy_tool_joules_total',
    help: "Energy attributed to tool calls by the CPU time each used (approximate under concurrency: the process's CPU time is shared), by tool and source.",
    labelNames: ['tool', 'source'] as const,
    registers,
  });
  return {
    toolInterceptor: {
      name: 'energy',
      async intercept(call, next) {
        const before = meter.cpuMicros();
        try {
          return await next();
        } finally {
          toolJoules.inc({ tool: call.tool.name, source }, meter.joulesForCpu(meter.cpuMicros() - before));
        }
      },
    },
  };
}
