import type { ExternalAgent } from './ExternalAgent.js';

const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Why a contributed external agent cannot be listed or run (empty when it can). Contributions are
 * plain objects from other plugins, possibly from JavaScript, so their shape is checked, not trusted.
 */
export function externalAgentProblems(agent: ExternalAgent): string[] {
  const value = agent as Partial<Record<keyof ExternalAgent, unknown>> | null;
  if (typeof value !== 'object' || value === null) return ['an external agent must be an object with name, description and run'];
  const problems: string[] = [];
  if (typeof value.name !== 'string' || !namePattern.test(value.name))
    problems.push(`name must be 1–64 letters, digits, "_" or "-"; got ${JSON.stringify(value.name)}`);
  if (typeof value.description !== 'string' || value.description.trim() === '') problems.push('description must be a non-empty string');
  if (typeof value.run !== 'function') problems.push('run must be a function');
  return problems;
}
