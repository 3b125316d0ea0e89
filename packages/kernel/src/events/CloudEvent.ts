/**
 * An event in a CloudEvents 1.0 envelope (JSON format).
 * @public
 */
export interface CloudEvent<T = unknown> {
  /** CloudEvents specification version; always `1.0`. */
  readonly specversion: '1.0';
  /** Unique per source. */
  readonly id: string;
  /** URI-reference of what emitted it, e.g. `/cortex-os/memory`. */
  readonly source: string;
  /** Dotted type, e.g. `memory.stored`. */
  readonly type: string;
  /** RFC 3339 timestamp. */
  readonly time: string;
  /** Media type of `data`; always `application/json`. */
  readonly datacontenttype: 'application/json';
  /** `name@version` of the event contract the data was validated against. */
  readonly dataschema?: string;
  /** What the event is about within its source (e.g. a record id), when the publisher gave one. */
  readonly subject?: string | undefined;
  /** Extension attribute: the correlation id of the work that produced the event. */
  readonly correlationid?: string | undefined;
  /** The payload, validated against the event's contract when the bus validates. */
  readonly data: T;
}
