import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const readme = read('../../README.md');

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
