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

/** Public subpath entries that export a catalogue of their own (the package's README documents it). */
const catalogueSubpaths: Readonly<Record<string, readonly string[]>> = { 'http-api': ['security'] };

/** The error catalogues (and their error classes) every package's public entries export. */
export async function exportedCatalogues(): Promise<ExportedCatalogue[]> {
  const entries = packagesWithEntries.flatMap((pkg) => [
    { pkg, specifier: `@cortex-os/${pkg}` },
    ...(catalogueSubpaths[pkg] ?? []).map((subpath) => ({ pkg, specifier: `@cortex-os/${pkg}/${subpath}` })),
  ]);
  const found = await Promise.all(
    entries.map(async ({ pkg, specifier }) => {
      const entry = Object.values((await import(specifier)) as Record<string, unknown>);
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
