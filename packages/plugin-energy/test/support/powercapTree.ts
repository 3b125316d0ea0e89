import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real powercap folder in a temporary directory, shaped like Linux's `/sys/class/powercap`. */
export class PowercapTree implements AsyncDisposable {
  private constructor(readonly root: string) {}

  static async create(): Promise<PowercapTree> {
    return new PowercapTree(await mkdtemp(join(tmpdir(), 'cortex-powercap-')));
  }

  /** Writes one domain folder: `energy_uj`, `max_energy_range_uj` and `name`. */
  async domain(domain: string, name: string, energyUj: number | string, maxRangeUj = 262_143_328_850): Promise<void> {
    const folder = join(this.root, domain);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'energy_uj'), `${energyUj}\n`);
    await writeFile(join(folder, 'max_energy_range_uj'), `${maxRangeUj}\n`);
    await writeFile(join(folder, 'name'), `${name}\n`);
  }

  /** Sets a domain's counter, as the CPU would. */
  async setEnergy(domain: string, energyUj: number): Promise<void> {
    await writeFile(join(this.root, domain, 'energy_uj'), `${energyUj}\n`);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
