import type { PowerModeService } from '@cortex-os/kernel';
import { Gauge, type Registry } from 'prom-client';

/**
 * Registers `cortex_power_mode{mode}` on `registry`: 1 for the runtime's current power mode, 0 for
 * the other, read on each scrape — so a dashboard can tell low-power figures from normal ones.
 * @public
 */
export function exportPowerMode(power: PowerModeService, registry: Registry): void {
  new Gauge({
    name: 'cortex_power_mode',
    help: 'The runtime power mode: 1 for the current one (normal or low-power), 0 for the other.',
    labelNames: ['mode'] as const,
    registers: [registry],
    collect() {
      for (const mode of ['normal', 'low-power'] as const) this.set({ mode }, power.mode === mode ? 1 : 0);
    },
  });
}
