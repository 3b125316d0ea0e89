import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
// `ts compile-only` fences are snippets the repository's README test type-checks without running
// (they need a model server); this test runs them against its fake, so it reads both fences alike.
const readme = read('../../README.md').replaceAll('```ts compile-only\n', '```ts\n');

describe('README "Writing a provider"', () => {
  it('shows the example provider and its test exactly as they run here', () => {
    expect(readme).toContain(`\`\`\`ts\n${read('./echoProvider.ts')}\`\`\``);
    expect(readme).toContain(`\`\`\`ts\n${read('./echoProvider.test.ts')}\`\`\``);
  });
});

describe('README "A scripted model for tests"', () => {
  it('shows the scripted-model test exactly as it runs here', () => {
    expect(readme).toContain(`\`\`\`ts\n${read('./scriptedModel.test.ts')}\`\`\``);
  });
});

describe('README "OpenAI-compatible endpoints"', () => {
  it('shows the client example exactly as it runs here', () => {
    expect(readme).toContain(`\`\`\`ts\n${read('./openAiClient.test.ts')}\`\`\``);
  });
});
