const SLOT = /\{([^{}]*)\}/g;

/**
 * The `{slot}` names of a message template, as a union.
 * @public
 */
export type ErrorMessageSlots<Template extends string> = Template extends `${string}{${infer Slot}}${infer Rest}`
  ? Slot | ErrorMessageSlots<Rest>
  : never;

/**
 * The values a message template needs, one per `{slot}`.
 * @public
 */
export type ErrorMessageParams<Template extends string> = string extends Template
  ? Readonly<Record<string, ErrorMessageValue>>
  : { readonly [Slot in ErrorMessageSlots<Template>]: ErrorMessageValue };

/**
 * A value that fills a message slot.
 * @public
 */
export type ErrorMessageValue = string | number | boolean | bigint;

/**
 * Fills a message template's `{slot}`s; a slot without a value stays as it is.
 * @example
 * ```ts
 * formatErrorMessage('Tool "{tool}" is not registered.', { tool: 'echo' }); // 'Tool "echo" is not registered.'
 * ```
 * @public
 */
export function formatErrorMessage<Template extends string>(template: Template, params: ErrorMessageParams<Template>): string {
  const values = params as Readonly<Record<string, ErrorMessageValue | undefined>>;
  return template.replace(SLOT, (whole, slot: string) => {
    const value = values[slot];
    return value === undefined ? whole : String(value);
  });
}
