import type { z } from 'zod';
import type { Critic, Critique, CritiqueRequest } from './Critic.js';

/**
 * Options of {@link createSchemaCritic}.
 * @public
 */
export interface SchemaCriticOptions {
  /** Prefix of each feedback line (default `schema`). */
  readonly name?: string;
}

/** The answer as JSON, or `undefined` when it is not JSON (a deterministic critic never throws on bad output). */
function parsed(answer: string): { readonly value: unknown } | undefined {
  try {
    return { value: JSON.parse(answer) };
  } catch {
    return undefined;
  }
}

/**
 * A deterministic critic from a schema: the answer must be JSON that the schema accepts. Satisfied
 * (score 1) when it does; otherwise score 0 and one feedback line per issue, naming its path
 * (`schema at points: Too small: …`), or that the answer is not JSON.
 * @public
 */
export function createSchemaCritic(schema: z.ZodType, options: SchemaCriticOptions = {}): Critic {
  const name = options.name ?? 'schema';
  return {
    async critique({ answer }: CritiqueRequest): Promise<Critique> {
      const json = parsed(answer);
      if (json === undefined) return { score: 0, satisfied: false, feedback: [`${name}: the answer is not JSON`] };
      const result = schema.safeParse(json.value);
      if (result.success) return { score: 1, satisfied: true, feedback: [] };
      const feedback = result.error.issues.map((issue) =>
        issue.path.length === 0 ? `${name}: ${issue.message}` : `${name} at ${issue.path.join('.')}: ${issue.message}`,
      );
      return { score: 0, satisfied: false, feedback };
    },
  };
}
