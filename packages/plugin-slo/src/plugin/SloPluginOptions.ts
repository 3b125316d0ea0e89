import type { SloDefinition, SloDefinitionInput } from '../slo/SloDefinition.js';

/**
 * The SLO plugin's options after parsing.
 * @public
 */
export interface SloPluginOptions {
  /** The runtime's SLOs; none by default. */
  readonly slos: readonly SloDefinition[];
  /** The scrape job's name the generated rules select; every job when absent. */
  readonly job?: string | undefined;
  /** Prefix of each alert's `runbook_url`; default `docs/runbooks/`. */
  readonly runbookBaseUrl?: string | undefined;
}

/**
 * The SLO plugin's options as written in configuration.
 * @public
 */
export interface SloPluginOptionsInput {
  readonly slos?: readonly SloDefinitionInput[] | undefined;
  readonly job?: string | undefined;
  readonly runbookBaseUrl?: string | undefined;
}
