import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRaplReader } from '@cortex-os/plugin-energy';
import { PowercapTree } from '../support/powercapTree.js';

describe('createRaplReader', () => {
  it('reads every package domain, not their core and uncore sub-domains (the package counts them already)', async () => {
    await using tree = await PowercapTree.create();
    await tree.domain('intel-rapl:0', 'package-0', 1_000_000, 5_000_000);
    await tree.domain('intel-rapl:0:0', 'core', 400_000);
    await tree.domain('intel-rapl:1', 'package-1', 2_500_000);
    await tree.domain('intel-rapl-mmio:0', 'package-0', 9);
    const reading = await createRaplReader({ root: tree.root }).read();
    expect(reading.problems).toEqual([]);
    expect(reading.packages).toEqual([
      { domain: 'intel-rapl:0', name: 'package-0', energyUj: 1_000_000, maxRangeUj: 5_000_000 },
      { domain: 'intel-rapl:1', name: 'package-1', energyUj: 2_500_000, maxRangeUj: 262_143_328_850 },
    ]);
  });

  it('reads a missing powercap folder as no packages, without throwing', async () => {
    await using tree = await PowercapTree.create();
    const reading = await createRaplReader({ root: join(tree.root, 'absent') }).read();
    expect(reading).toEqual({ packages: [], problems: [] });
  });

  it('reports a root-only counter as permission-denied and still reads the other packages', async () => {
    await using tree = await PowercapTree.create();
    await tree.domain('intel-rapl:0', 'package-0', 10);
    await tree.domain('intel-rapl:1', 'package-1', 20);
    // Tests run as root, which no file mode denies; the error is the one Linux gives a service user.
    const denied = join(tree.root, 'intel-rapl:0', 'energy_uj');
    const { readFile } = await import('node:fs/promises');
    const reader = createRaplReader({
      root: tree.root,
      readText: async (path) => {
        if (path === denied) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        return readFile(path, 'utf8');
      },
    });
    const reading = await reader.read();
    expect(reading.problems).toEqual([{ domain: 'intel-rapl:0', problem: 'permission-denied' }]);
    expect(reading.packages.map((pkg) => pkg.domain)).toEqual(['intel-rapl:1']);
  });

  it('reports an unreadable counter (a folder where the file should be) and a malformed one', async () => {
    await using tree = await PowercapTree.create();
    await tree.domain('intel-rapl:0', 'package-0', 10);
    await rm(join(tree.root, 'intel-rapl:0', 'energy_uj'));
    await mkdir(join(tree.root, 'intel-rapl:0', 'energy_uj'));
    await tree.domain('intel-rapl:1', 'package-1', 'not a number');
    await tree.domain('intel-rapl:2', 'package-2', '');
    const reading = await createRaplReader({ root: tree.root }).read();
    expect(reading.packages).toEqual([]);
    expect(reading.problems).toEqual([
      { domain: 'intel-rapl:0', problem: 'unreadable' },
      { domain: 'intel-rapl:1', problem: 'malformed' },
      { domain: 'intel-rapl:2', problem: 'malformed' },
    ]);
  });
});
