import { z } from 'zod';
import { KernelError } from '@cortex-os/kernel';
import { describeIssues, toValidationIssues } from '../contracts/ContractValidationIssue.js';

/**
 * Structured output: the reply must be JSON matching `schema`.
 * @public
 */
export interface ModelResponseFormat {
  /** Always `json_schema`: the one structured-output form every backend with the ability accepts. */
  readonly type: 'json_schema';
  /** Name of the output's shape (letters, digits, `_`, `-`); backends show it to the model. */
  readonly name: string;
  /** What the output is for, when the model benefits from being told. */
  readonly description?: string;
  /** JSON Schema (2020-12) of the output; providers adapt it to their backend, never callers. */
  readonly schema: Readonly<Record<string, unknown>>;
}

/**
 * Builds a {@link ModelResponseFormat} from a zod schema (converted as tool input schemas are).
 * @example
 * ```ts
 * const city = z.object({ name: z.string(), population: z.number() });
 * const reply = await router.generate(messages, { responseFormat: toModelResponseFormat('city', city) });
 * const value = parseStructuredOutput(reply.text, city, 'city');
 * ```
 * @public
 */
export function toModelResponseFormat(name: string, schema: z.ZodType, description?: string): ModelResponseFormat {
  return {
    type: 'json_schema',
    name,
    ...(description === undefined ? {} : { description }),
    schema: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' }),
  };
}

function invalidOutput(name: string, rawText: string, reason: string, details: Readonly<Record<string, unknown>>, cause?: unknown) {
  // The raw text goes in `details`, which transports never show: the model may echo private input.
  return new KernelError('PROVIDER_STRUCTURED_OUTPUT_INVALID', `The model's output "${name}" breaks its schema: ${reason}.`, {
    details: { name, rawText, ...details, retryable: false },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Parses a model's structured output and validates it against its schema.
 *
 * @throws {@link KernelError} `PROVIDER_STRUCTURED_OUTPUT_INVALID` when the text is not JSON or
 * breaks the schema; `details.rawText` keeps the model's text for the caller (never shown to
 * remote callers) and `details.issues` lists each field's path and problem.
 * @public
 */
export function parseStructuredOutput<S extends z.ZodType>(text: string, schema: S, name = 'output'): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const issues = [{ path: '', message: 'the output is not valid JSON', code: 'invalid_json' }];
    throw invalidOutput(name, text, 'it is not valid JSON', { issues }, error);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = toValidationIssues(result.error);
    throw invalidOutput(name, text, describeIssues(issues), { issues });
  }
  return result.data;
}
