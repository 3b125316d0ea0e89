import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One RAPL package domain's counter, as read from powercap.
 * @public
 */
export interface RaplPackageReading {
  /** The powercap folder name, e.g. `intel-rapl:0`. */
  readonly domain: string;
  /** The domain's `name` file, e.g. `package-0`. */
  readonly name: string;
  /** The cumulative counter (`energy_uj`), in microjoules; it wraps at `maxRangeUj`. */
  readonly energyUj: number;
  /** `max_energy_range_uj`: the counter wraps to 0 after this value. */
  readonly maxRangeUj: number;
}

/**
 * A package domain that could not be read, and why. Since 2020 (CVE-2020-8694) Linux makes
 * `energy_uj` readable by root only, so `permission-denied` is the common case for a service user.
 * @public
 */
export interface RaplProblem {
  readonly domain: string;
  readonly problem: 'permission-denied' | 'unreadable' | 'malformed';
}

/**
 * What one read of the powercap tree found.
 * @public
 */
export interface RaplReading {
  readonly packages: readonly RaplPackageReading[];
  readonly problems: readonly RaplProblem[];
}

/**
 * Options of {@link createRaplReader}.
 * @public
 */
export interface CreateRaplReaderOptions {
  /** The powercap folder; default `/sys/class/powercap`. */
  readonly root?: string;
  /** Reads a file as text; default `fs.readFile`. A seam for errors a root-run test cannot cause (EACCES). */
  readonly readText?: (path: string) => Promise<string>;
}

/**
 * Reads Intel RAPL package counters from powercap.
 * @public
 */
export interface RaplReader {
  /** The folder read. */
  readonly root: string;
  /** Reads every package domain once; never throws (a missing tree reads as no packages). */
  read(): Promise<RaplReading>;
}

// Package domains only (`intel-rapl:0`), not their sub-domains (`intel-rapl:0:0`, core and
// uncore), which the package's counter already includes: summing both would count twice.
const PACKAGE_DOMAIN = /^intel-rapl:\d+$/;

/**
 * Creates a {@link RaplReader} over a powercap tree.
 * @public
 */
export function createRaplReader(options: CreateRaplReaderOptions = {}): RaplReader {
  const root = options.root ?? '/sys/class/powercap';
  const readText = options.readText ?? ((path: string) => readFile(path, 'utf8'));
  return {
    root,
    async read() {
      let entries: string[];
      try {
        entries = await readdir(root);
      } catch {
        return { packages: [], problems: [] };
      }
      const domains = entries.filter((entry) => PACKAGE_DOMAIN.test(entry)).sort();
      const results = await Promise.all(domains.map((domain) => readPackage(join(root, domain), domain, readText)));
      return {
        packages: results.filter((result): result is RaplPackageReading => 'energyUj' in result),
        problems: results.filter((result): result is RaplProblem => 'problem' in result),
      };
    },
  };
}

async function readPackage(
  folder: string,
  domain: string,
  readText: (path: string) => Promise<string>,
): Promise<RaplPackageReading | RaplProblem> {
  let texts: string[];
  try {
    texts = await Promise.all(['energy_uj', 'max_energy_range_uj', 'name'].map((file) => readText(join(folder, file))));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { domain, problem: code === 'EACCES' || code === 'EPERM' ? 'permission-denied' : 'unreadable' };
  }
  const [energy = '', range = '', name = ''] = texts;
  const energyUj = Number(energy.trim());
  const maxRangeUj = Number(range.trim());
  if (!Number.isSafeInteger(energyUj) || !Number.isSafeInteger(maxRangeUj) || energyUj < 0 || maxRangeUj <= 0 || energy.trim() === '') {
    return { domain, problem: 'malformed' };
  }
  return { domain, name: name.trim(), energyUj, maxRangeUj };
}
