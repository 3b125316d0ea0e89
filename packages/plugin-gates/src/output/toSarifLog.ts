import { isAbsolute, relative } from 'node:path';
import { gateCatalogue, gateIds } from '../contract/gateCatalogue.js';
import type { GateCheckResult } from '../enforce/enforceGates.js';

/**
 * The subset of SARIF 2.1.0 that {@link toSarifLog} writes.
 * @public
 */
export interface GatesSarifLog {
  /** The SARIF 2.1.0 JSON Schema. */
  readonly $schema: string;
  /** SARIF version. */
  readonly version: '2.1.0';
  /** One run of `cortex-gates`. */
  readonly runs: readonly {
    readonly tool: {
      readonly driver: {
        readonly name: string;
        readonly version: string;
        readonly informationUri?: string;
        readonly rules: readonly {
          readonly id: string;
          readonly name: string;
          readonly shortDescription: { readonly text: string };
          readonly defaultConfiguration: { readonly level: 'error' | 'warning' };
        }[];
      };
    };
    readonly results: readonly {
      readonly ruleId: string;
      readonly ruleIndex: number;
      readonly level: 'error' | 'warning';
      readonly message: { readonly text: string };
      readonly locations?: readonly { readonly physicalLocation: { readonly artifactLocation: { readonly uri: string } } }[];
      readonly partialFingerprints: Readonly<Record<string, string>>;
      readonly properties: Readonly<Record<string, unknown>>;
    }[];
  }[];
}

/**
 * Options of {@link toSarifLog}.
 * @public
 */
export interface ToSarifLogOptions {
  /** Project root: report paths are written relative to it, as SARIF artifact URIs. */
  readonly root: string;
  /** Version of `cortex-gates`, written as the driver version. */
  readonly toolVersion: string;
}

const camel = (id: string): string => id.replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase());

/**
 * Turns every violation of a check into a SARIF 2.1.0 result, with one stable rule per gate id.
 * @public
 */
export function toSarifLog(check: GateCheckResult, options: ToSarifLogOptions): GatesSarifLog {
  const rules = gateIds.map((id) => ({
    id,
    name: camel(id),
    shortDescription: {
      text: `${gateCatalogue[id].title} (${gateCatalogue[id].direction === 'min' ? 'at least' : 'at most'} the contract threshold)`,
    },
    defaultConfiguration: { level: 'error' as const },
  }));
  const results = check.violations.map((v) => {
    const uri = v.source.startsWith('(')
      ? undefined
      : (isAbsolute(v.source) ? relative(options.root, v.source) : v.source).split('\\').join('/');
    return {
      ruleId: v.gate,
      ruleIndex: gateIds.indexOf(v.gate),
      level: v.severity,
      message: { text: v.message },
      ...(uri === undefined ? {} : { locations: [{ physicalLocation: { artifactLocation: { uri } } }] }),
      partialFingerprints: { 'cortexGates/v1': `${v.gate}@${v.scope}:${v.kind}` },
      properties: {
        scope: v.scope,
        kind: v.kind,
        measured: v.measured,
        threshold: v.threshold,
        unit: v.unit,
        ...(v.field === undefined ? {} : { field: v.field }),
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'cortex-gates', version: options.toolVersion, rules } }, results }],
  };
}
