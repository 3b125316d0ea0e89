/**
 * The files `cortex init <dir>` writes: a project with one plugin contributing one tool, its
 * test (`node:test`, so the project needs no test framework), a configuration file that loads
 * the built plugin, and the manifest and tsconfig to build it. `{{…}}` are filled in by
 * `scaffoldProject`.
 */
export const projectTemplate: Readonly<Record<string, string>> = {
  'package.json': `{
  "name": "{{name}}",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "engines": { "node": ">=22.12" },
  "scripts": {
    "build": "tsc",
    "test": "tsc && node --test dist/test/*.test.js",
    "start": "tsc && cortex serve",
    "mcp": "cortex mcp"
  },
  "dependencies": {
    "@cortex-os/cli": "^{{cliVersion}}",
    "@cortex-os/kernel": "^{{kernelVersion}}",
    "zod": "^{{zodVersion}}"
  },
  "devDependencies": {
    "@types/node": "^24.0.0",
    "typescript": "^6.0.3"
  }
}
`,
  'tsconfig.json': `{
  "compilerOptions": {
    "target": "ES2023",
    "lib": ["ES2023", "ESNext.Disposable"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": true,
    "types": ["node"],
    "rootDir": ".",
    "outDir": "dist"
  },
  "include": ["src", "test"]
}
`,
  'cortex.config.json': `{
  "http": { "host": "127.0.0.1", "port": 8080 },
  "plugins": [{ "module": "./dist/src/greetPlugin.js", "export": "greetPlugin", "options": { "greeting": "Hello" } }]
}
`,
  'src/greetPlugin.ts': `import { createRequire } from 'node:module';
import { definePlugin, defineTool, kernelExtensionPoints } from '@cortex-os/kernel';
import { z } from 'zod';

// The plugin's version is the project's, read from package.json (dist/src/ is two folders down).
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Contributes the \`greet.hello\` tool, served over REST, MCP and in-process alike. */
export const greetPlugin = definePlugin({
  name: 'greet',
  version,
  options: z.strictObject({ greeting: z.string().min(1).default('Hello') }).default({ greeting: 'Hello' }),
  contributes: { tools: kernelExtensionPoints.tools },
  start: ({ options }) => ({
    tools: defineTool({
      name: 'greet.hello',
      description: 'Greets someone by name.',
      input: z.object({ name: z.string().min(1) }),
      output: z.object({ text: z.string() }),
      handler: ({ name }) => ({ text: \`\${options.greeting}, \${name}!\` }),
    }),
  }),
});
`,
  'test/greetPlugin.test.ts': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKernel } from '@cortex-os/kernel';
import { greetPlugin } from '../src/greetPlugin.js';

test('greet.hello greets by name with the configured greeting', async () => {
  const kernel = createKernel({ plugins: [greetPlugin({ greeting: 'Hi' })] });
  await kernel.start();
  try {
    const result = await kernel.tools.call('greet.hello', { name: 'Ada' });
    assert.deepEqual(result.structured, { text: 'Hi, Ada!' });
  } finally {
    await kernel.stop();
  }
});
`,
  '.gitignore': 'node_modules/\ndist/\n',
  'README.md': `# {{name}}

A Cortex-OS runtime with one plugin of your own (\`src/greetPlugin.ts\`).

\`\`\`sh
npm install
npm test        # builds and runs test/greetPlugin.test.ts
npm start       # cortex serve: REST, health, memory, MCP at /mcp, and greet.hello
\`\`\`

\`cortex config\` prints every setting with its source; \`cortex doctor\` checks the machine.
`,
};
