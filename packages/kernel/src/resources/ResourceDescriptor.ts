/**
 * What clients see of a fixed resource; its definition adds how to read it.
 * @public
 */
export interface ResourceDescriptor {
  /** The absolute URI, e.g. `docs://readme`. */
  readonly uri: string;
  /** A short programmatic name. */
  readonly name: string;
  /** A human-readable name for listings. */
  readonly title?: string;
  /** What the resource holds. */
  readonly description?: string;
  /** The media type of its contents, filled in where a reader gives none. */
  readonly mimeType?: string;
  /** Size in bytes, when known. */
  readonly size?: number;
}

/**
 * What clients see of a resource template; its definition adds how to read and complete it.
 * @public
 */
export interface ResourceTemplateDescriptor {
  /** The RFC 6570 template (`{name}` and `{+name}` expressions), e.g. `notes://{id}`. */
  readonly uriTemplate: string;
  /** A short programmatic name. */
  readonly name: string;
  /** A human-readable name for listings. */
  readonly title?: string;
  /** What the resources hold. */
  readonly description?: string;
  /** The media type of their contents, filled in where a reader gives none. */
  readonly mimeType?: string;
}
