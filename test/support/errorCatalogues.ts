import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CortexError,
  errorCatalogueInfo,
  type CortexErrorOptions,
  type ErrorCatalogue,
  type ErrorCatalogueInfo,
} from '@cortex-os/kernel';
import { repoRoot } from './builtFile.js';

/** A catalogue as a package's public entry exports it, with the error class built on it. */
export interface ExportedCatalogue {
  /** The package whose public entry exports it (a catalogue re-exported by another package appears once per exporter). */
  readonly pkg: string;
  readonly catalogue: ErrorCatalogue;
  readonly info: ErrorCatalogueInfo;
  /** The exported error class whose static `catalogue` is this one, if the package exports it. */
  readonly errorClass: (new (code: string, message: string, options?: CortexErrorOptions) => CortexError) | undefined;
}

/** Every package with a public entry. */
export const packagesWithEntries: readonly string[] = readdirSync(join(repoRoot, 'packages')).filter((pkg) =>
  existsSync(join(repoRoot, 'packages', pkg, 'src', 'index.ts')),
);

/** The error catalogues (and their error classes) every package's public entry exports. */
export async function exportedCatalogues(): Promise<ExportedCatalogue[]> {
  const found = await Promise.all(
    packagesWithEntries.map(async (pkg) => {
      const entry = Object.values((await import(`@cortex-os/${pkg}`)) as Record<string, unknown>);
      return entry.flatMap((value) => {
        const info = typeof value === 'object' && value !== null ? errorCatalogueInfo(value) : undefined;
        if (info === undefined) return [];
        const errorClass = entry.find(
          (candidate) => typeof candidate === 'function' && (candidate as { catalogue?: unknown }).catalogue === value,
        ) as ExportedCatalogue['errorClass'];
        return [{ pkg, catalogue: value as ErrorCatalogue, info, errorClass }];
      });
    }),
  );
  return found.flat();
}

/** One entry per catalogue, whichever packages export it. */
export function distinctCatalogues(all: readonly ExportedCatalogue[]): ExportedCatalogue[] {
  return [...new Map(all.map((found) => [found.catalogue, found])).values()];
}
