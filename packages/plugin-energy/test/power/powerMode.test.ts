import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, createLogger, powerModeToken } from '@cortex-os/kernel';
import { energyPlugin, PowerModeSwitch } from '@cortex-os/plugin-energy';
import { httpPlugin, metricsRegistryToken } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

describe('PowerModeSwitch', () => {
  it('tells listeners about real changes only, survives a throwing listener, and stops telling removed ones', () => {
    const heard: string[] = [];
    const failures: unknown[] = [];
    const power = new PowerModeSwitch('normal', (error) => failures.push(error));
    power.onChange(() => {
      throw new Error('listener broke');
    });
    const remove = power.onChange((mode) => heard.push(mode));
    expect(power.set('low-power')).toBe('normal');
    expect(power.set('low-power')).toBe('low-power');
    remove[Symbol.dispose]();
    power.set('normal');
    expect(heard).toEqual(['low-power']);
    expect(failures).toHaveLength(2);
    expect(power.mode).toBe('normal');
  });
});

describe('the power-mode switch of the energy plugin', () => {
  it('starts in the configured mode, provides it on powerModeToken, and switches by tool and by REST', async () => {
    await using kernel = createKernel({
      plugins: [httpPlugin({ port: 0, listen: 'manual' }), energyPlugin({ rapl: false, powerMode: 'low-power' })],
      logger: createLogger({ level: 'silent' }),
    });
    await kernel.start();
    const power = kernel.get(powerModeToken);
    expect(power.mode).toBe('low-power');
    expect((await kernel.tools.call('energy.powerMode', {})).structured).toEqual({ mode: 'low-power', previous: 'low-power' });
    expect((await kernel.tools.call('energy.powerMode', { mode: 'normal' })).structured).toEqual({ mode: 'normal', previous: 'low-power' });
    expect(power.mode).toBe('normal');

    const { url } = await kernel.get(httpServiceToken).listen();
    const route = `${url}/api/v1/energy/power-mode`;
    const put = (body: string) => fetch(route, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    const switched = await put(JSON.stringify({ mode: 'low-power' }));
    expect([switched.status, await switched.json()]).toEqual([200, { mode: 'low-power', previous: 'normal' }]);
    expect(power.mode).toBe('low-power');
    expect(await (await fetch(route)).json()).toEqual({ mode: 'low-power', previous: 'low-power' });
    const refused = await put(JSON.stringify({ mode: 'turbo' }));
    expect((await kernel.get(metricsRegistryToken).metrics()).split('\n').filter((l) => l.startsWith('cortex_power_mode{'))).toEqual([
      'cortex_power_mode{mode="normal"} 0',
      'cortex_power_mode{mode="low-power"} 1',
    ]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'HTTP_REQUEST_INVALID' });
    expect(power.mode).toBe('low-power');
  });

  it('carries its lowPower limits to the providers on the power service; defaults 256 and 1; bad limits name their field', async () => {
    await using defaults = createKernel({ plugins: [energyPlugin({ rapl: false })], logger: createLogger({ level: 'silent' }) });
    await defaults.start();
    expect(defaults.get(powerModeToken).lowPower).toEqual({ maxBatchInputs: 256, generationsAtOnce: 1 });
    await using tuned = createKernel({
      plugins: [energyPlugin({ rapl: false, lowPower: { generationsAtOnce: 2 } })],
      logger: createLogger({ level: 'silent' }),
    });
    await tuned.start();
    expect(tuned.get(powerModeToken).lowPower).toEqual({ maxBatchInputs: 256, generationsAtOnce: 2 });
    expect(() => createKernel({ plugins: [energyPlugin({ lowPower: { maxBatchInputs: 0 } })] })).toThrow(/lowPower\.maxBatchInputs/);
    expect(() => createKernel({ plugins: [energyPlugin({ lowPower: { batch: 8 } as never })] })).toThrow(/lowPower/);
  });

  it('rejects an unknown mode in options and in the tool, naming it', async () => {
    expect(() => createKernel({ plugins: [energyPlugin({ powerMode: 'turbo' as never })] })).toThrow(/powerMode/);
    await using kernel = createKernel({ plugins: [energyPlugin({ rapl: false })], logger: createLogger({ level: 'silent' }) });
    await kernel.start();
    await expect(kernel.tools.call('energy.powerMode', { mode: 'turbo' })).rejects.toMatchObject({ code: 'TOOL_INPUT_INVALID' });
  });
});
