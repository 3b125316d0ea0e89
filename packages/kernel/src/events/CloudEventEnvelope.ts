import type { CloudEvent } from './CloudEvent.js';

let cachedMs = Number.NaN;
let cachedIso = '';

/** RFC 3339 time of a millisecond; consecutive events in the same millisecond share one string. */
function isoTime(ms: number): string {
  if (ms !== cachedMs) {
    cachedIso = new Date(ms).toISOString();
    cachedMs = ms;
  }
  return cachedIso;
}

/**
 * The bus's CloudEvent. Formatting `time` costs more than delivering an event (≈0.5 µs on
 * the reference machine), so it is formatted on first read; so is `id` (its bus's prefix and
 * the event's sequence number, both fixed at publish: formatting the number cost a third of a
 * publish). `toJSON()` gives the plain CloudEvents JSON form. Checked on a hot path: keep the
 * constructor free of work.
 * @internal
 */
export class CloudEventEnvelope<T> implements CloudEvent<T> {
  readonly specversion = '1.0' as const;
  readonly datacontenttype = 'application/json' as const;
  readonly source: string;
  readonly type: string;
  readonly dataschema: string;
  readonly subject: string | undefined;
  readonly correlationid: string | undefined;
  readonly data: T;
  readonly #ms: number;
  readonly #idPrefix: string;
  readonly #sequence: number;
  #id: string | undefined;

  constructor(
    idPrefix: string,
    sequence: number,
    source: string,
    type: string,
    dataschema: string,
    ms: number,
    subject: string | undefined,
    correlationid: string | undefined,
    data: T,
  ) {
    this.#idPrefix = idPrefix;
    this.#sequence = sequence;
    this.#id = undefined;
    this.source = source;
    this.type = type;
    this.dataschema = dataschema;
    this.#ms = ms;
    this.subject = subject;
    this.correlationid = correlationid;
    this.data = data;
  }

  /** Unique per source: the bus's random prefix and the event's sequence number in base 36. */
  get id(): string {
    this.#id ??= this.#idPrefix + this.#sequence.toString(36);
    return this.#id;
  }

  get time(): string {
    return isoTime(this.#ms);
  }

  toJSON(): CloudEvent<T> {
    return {
      specversion: this.specversion,
      id: this.id,
      source: this.source,
      type: this.type,
      time: this.time,
      datacontenttype: this.datacontenttype,
      dataschema: this.dataschema,
      ...(this.subject === undefined ? {} : { subject: this.subject }),
      ...(this.correlationid === undefined ? {} : { correlationid: this.correlationid }),
      data: this.data,
    };
  }
}
