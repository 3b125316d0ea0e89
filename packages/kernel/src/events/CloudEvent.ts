/**
 * An event in a CloudEvents 1.0 envelope (JSON format).
 * @public
 */
export interface CloudEvent<T = unknown> {
  readonly specversion: '1.0';
  /** Unique per source. */
  readonly id: string;
  /** URI-reference of what emitted it, e.g. `/cortex-os/memory`. */
  readonly source: string;
  /** Dotted type, e.g. `memory.stored`. */
  readonly type: string;
  /** RFC 3339 timestamp. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  /** `name@version` of the event contract the data was validated against. */
  readonly dataschema?: string;
  readonly subject?: string | undefined;
  /** Extension attribute: the correlation id of the work that produced the event. */
  readonly correlationid?: string | undefined;
  readonly data: T;
}
