import { SloError } from '../errors/SloError.js';
import type { SloDefinition } from './SloDefinition.js';
import { sloListSchema } from './sloSchema.js';

/**
 * One thing wrong with SLO definitions: the path of the value (`[0, 'latency', 'thresholdMs']`)
 * and what is wrong with it.
 * @public
 */
export interface SloProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Parses SLO definitions (from a config file or code), filling defaults.
 * @throws {@link SloError} `SLO_INVALID` listing every problem, each with its path.
 * @public
 */
export function parseSlos(input: unknown): readonly SloDefinition[] {
  const parsed = sloListSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: SloProblem[] = parsed.error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
  const lines = problems.map((problem) => `- ${formatPath(problem.path)}: ${problem.message}`);
  throw SloError.create('SLO_INVALID', { count: String(problems.length), problems: lines.join('\n') }, { details: { problems } });
}

function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${key}`)).join('');
}
