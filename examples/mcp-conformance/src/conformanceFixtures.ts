import { z } from 'zod';
import {
  definePlugin,
  definePrompt,
  defineResource,
  defineResourceTemplate,
  defineTool,
  kernelExtensionPoints,
  toolResult,
  type PluginFactory,
  type PromptDefinition,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
  type ToolDefinition,
} from '@cortex-os/kernel';

/** A 1×1 red PNG. */
export const RED_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
/** A WAV header with no samples. */
export const SILENT_WAV = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';

const delay = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

const address = z.object({ street: z.string(), city: z.string() }).partial().meta({ id: 'address' });

/** The conformance suite's fixture tools, written against the kernel's public tool API. */
export const conformanceTools: readonly ToolDefinition[] = [
  defineTool({
    name: 'test_simple_text',
    description: 'Returns simple text.',
    input: z.object({}),
    handler: () => toolResult({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] }),
  }),
  defineTool({
    name: 'test_image_content',
    description: 'Returns an image.',
    input: z.object({}),
    handler: () => toolResult({ content: [{ type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' }] }),
  }),
  defineTool({
    name: 'test_audio_content',
    description: 'Returns audio.',
    input: z.object({}),
    handler: () => toolResult({ content: [{ type: 'audio', data: SILENT_WAV, mimeType: 'audio/wav' }] }),
  }),
  defineTool({
    name: 'test_embedded_resource',
    description: 'Returns an embedded resource.',
    input: z.object({}),
    // A link to a resource the server serves; the plugin embeds it (embedLinkedResources).
    handler: () =>
      toolResult({
        content: [{ type: 'resource_link', uri: 'test://embedded-resource', name: 'embedded-resource', mimeType: 'text/plain' }],
      }),
  }),
  defineTool({
    name: 'test_multiple_content_types',
    description: 'Returns text, an image and an embedded resource.',
    input: z.object({}),
    handler: () =>
      toolResult({
        content: [
          { type: 'text', text: 'Multiple content types test:' },
          { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' },
          { type: 'resource_link', uri: 'test://mixed-content-resource', name: 'mixed-content-resource', mimeType: 'application/json' },
        ],
      }),
  }),
  defineTool({
    name: 'test_tool_with_logging',
    description: 'Sends three log messages while it runs.',
    input: z.object({}),
    async handler(_input, ctx) {
      ctx.log('info', 'Tool execution started');
      await delay(50, ctx.signal);
      ctx.log('info', 'Tool processing data');
      await delay(50, ctx.signal);
      ctx.log('info', 'Tool execution completed');
      return toolResult({ content: [{ type: 'text', text: 'Tool with logging executed successfully' }] });
    },
  }),
  defineTool({
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50, 100 of 100.',
    input: z.object({}),
    async handler(_input, ctx) {
      ctx.reportProgress({ progress: 0, total: 100 });
      await delay(50, ctx.signal);
      ctx.reportProgress({ progress: 50, total: 100 });
      await delay(50, ctx.signal);
      ctx.reportProgress({ progress: 100, total: 100 });
      return toolResult({ content: [{ type: 'text', text: 'Tool with progress executed successfully' }] });
    },
  }),
  defineTool({
    name: 'test_error_handling',
    description: 'Always fails.',
    input: z.object({}),
    handler: () => {
      throw new Error('This tool intentionally returns an error for testing');
    },
  }),
  defineTool({
    name: 'test_sampling',
    description: 'Asks the client model.',
    input: z.object({ prompt: z.string() }),
    async handler({ prompt }, ctx) {
      if (ctx.sample === undefined) throw new Error('The client does not support sampling.');
      const reply = await ctx.sample({ messages: [{ role: 'user', text: prompt }], maxTokens: 100 });
      return toolResult({ content: [{ type: 'text', text: `LLM response: ${reply.text}` }] });
    },
  }),
  defineTool({
    name: 'test_elicitation',
    description: 'Asks the user for a name and email.',
    input: z.object({ message: z.string() }),
    async handler({ message }, ctx) {
      if (ctx.elicit === undefined) throw new Error('The client does not support elicitation.');
      const answer = await ctx.elicit({
        message,
        schema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        },
      });
      return toolResult({
        content: [{ type: 'text', text: `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}` }],
      });
    },
  }),
  defineTool({
    name: 'test_elicitation_sep1034_defaults',
    description: 'Elicits every primitive type with a default.',
    input: z.object({}),
    async handler(_input, ctx) {
      if (ctx.elicit === undefined) throw new Error('The client does not support elicitation.');
      const answer = await ctx.elicit({
        message: 'Please review and update the form fields with defaults',
        schema: {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
          required: [],
        },
      });
      return toolResult({
        content: [
          { type: 'text', text: `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}` },
        ],
      });
    },
  }),
  defineTool({
    name: 'test_elicitation_sep1330_enums',
    description: 'Elicits the five enum shapes.',
    input: z.object({}),
    async handler(_input, ctx) {
      if (ctx.elicit === undefined) throw new Error('The client does not support elicitation.');
      const answer = await ctx.elicit({
        message: 'Please select options from the enum fields',
        schema: {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string',
              description: 'Select one option with titles',
              oneOf: [
                { const: 'value1', title: 'First Option' },
                { const: 'value2', title: 'Second Option' },
                { const: 'value3', title: 'Third Option' },
              ],
            },
            legacyEnum: {
              type: 'string',
              description: 'Select one option (legacy)',
              enum: ['opt1', 'opt2', 'opt3'],
              enumNames: ['Option One', 'Option Two', 'Option Three'],
            },
            untitledMulti: {
              type: 'array',
              description: 'Select multiple options',
              minItems: 1,
              maxItems: 3,
              items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            },
            titledMulti: {
              type: 'array',
              description: 'Select multiple options with titles',
              minItems: 1,
              maxItems: 3,
              items: {
                anyOf: [
                  { const: 'value1', title: 'First Choice' },
                  { const: 'value2', title: 'Second Choice' },
                  { const: 'value3', title: 'Third Choice' },
                ],
              },
            },
          },
          required: [],
        },
      });
      return toolResult({
        content: [
          { type: 'text', text: `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}` },
        ],
      });
    },
  }),
  defineTool({
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features',
    input: z.object({ name: z.string().optional(), address: address.optional() }).strict(),
    handler: (input) => toolResult({ content: [{ type: 'text', text: `Received: ${JSON.stringify(input)}` }] }),
  }),
];

/** The suite's fixture resources and templates. */
export const conformanceResources: readonly (ResourceDefinition | ResourceTemplateDefinition)[] = [
  defineResource({
    uri: 'test://static-text',
    name: 'static-text',
    description: 'A static text resource.',
    mimeType: 'text/plain',
    read: () => 'This is the content of the static text resource.',
  }),
  defineResource({
    uri: 'test://static-binary',
    name: 'static-binary',
    description: 'A static binary resource (PNG).',
    mimeType: 'image/png',
    read: ({ uri }) => ({ uri, mimeType: 'image/png', blob: RED_PIXEL_PNG }),
  }),
  defineResource({
    uri: 'test://watched-resource',
    name: 'watched-resource',
    description: 'A resource clients can subscribe to.',
    mimeType: 'text/plain',
    read: () => 'Watched resource content',
  }),
  defineResource({
    uri: 'test://embedded-resource',
    name: 'embedded-resource',
    description: 'Embedded by test_embedded_resource.',
    mimeType: 'text/plain',
    read: () => 'This is an embedded resource content.',
  }),
  defineResource({
    uri: 'test://mixed-content-resource',
    name: 'mixed-content-resource',
    description: 'Embedded by test_multiple_content_types.',
    mimeType: 'application/json',
    read: () => JSON.stringify({ test: 'data', value: 123 }),
  }),
  defineResourceTemplate({
    uriTemplate: 'test://template/{id}/data',
    name: 'template-data',
    description: 'Data for an id.',
    mimeType: 'application/json',
    read: ({ variables }) => JSON.stringify({ id: variables['id'], templateTest: true, data: `Data for ID: ${variables['id'] ?? ''}` }),
    complete: { id: (value) => ['123', '456', '789'].filter((id) => id.startsWith(value)) },
  }),
];

/** The suite's fixture prompts. */
export const conformancePrompts: readonly PromptDefinition[] = [
  definePrompt({
    name: 'test_simple_prompt',
    description: 'A simple prompt without arguments.',
    render: () => [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }],
  }),
  definePrompt({
    name: 'test_prompt_with_arguments',
    description: 'A prompt with two arguments.',
    arguments: z.object({ arg1: z.string().describe('First test argument'), arg2: z.string().describe('Second test argument') }),
    complete: { arg1: (value) => ['paris', 'park', 'party'].filter((v) => v.startsWith(value)) },
    render: ({ arg1, arg2 }) => [
      { role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` } },
    ],
  }),
  definePrompt({
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt that embeds a resource.',
    arguments: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
    render: ({ resourceUri }) => [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
        },
      },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ],
  }),
  definePrompt({
    name: 'test_prompt_with_image',
    description: 'A prompt with an image.',
    render: () => [
      { role: 'user', content: { type: 'image', data: RED_PIXEL_PNG, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ],
  }),
];

/** Contributes the fixtures through the public plugin API: tools, resources and prompts on the kernel's extension points, which the MCP plugin serves. */
export const conformanceFixturesPlugin: PluginFactory<undefined> = definePlugin({
  name: 'conformance-fixtures',
  version: '1.0.0',
  contributes: { tools: kernelExtensionPoints.tools, resources: kernelExtensionPoints.resources, prompts: kernelExtensionPoints.prompts },
  start: () => ({ tools: conformanceTools, resources: conformanceResources, prompts: conformancePrompts }),
});
