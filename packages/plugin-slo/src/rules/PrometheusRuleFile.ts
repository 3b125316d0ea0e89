/**
 * A Prometheus recording rule.
 * @public
 */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Prometheus alerting rule.
 * @public
 */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * A group of rules Prometheus evaluates together.
 * @public
 */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/**
 * A Prometheus rule file (`rule_files:` entry), as {@link formatRuleFile} writes it.
 * @public
 */
export interface PrometheusRuleFile {
  readonly groups: readonly PrometheusRuleGroup[];
}
