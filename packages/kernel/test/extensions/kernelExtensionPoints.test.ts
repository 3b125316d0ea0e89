import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CortexError,
  createKernel,
  definePlugin,
  definePrompt,
  defineResource,
  defineResourceTemplate,
  defineTool,
  kernelExtensionPoints,
  kernelTokens,
  type KernelAggregateError,
} from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

const echo = defineTool({
  name: 'docs.echo',
  description: 'Echoes.',
  input: z.object({ text: z.string() }),
  handler: ({ text }) => ({ text }),
});
const readme = defineResource({ uri: 'docs://readme', name: 'readme', read: () => '# Hi' });
const page = defineResourceTemplate({
  uriTemplate: 'docs://pages/{id}',
  name: 'page',
  read: ({ variables }) => `page ${variables['id'] ?? ''}`,
});
const review = definePrompt({ name: 'docs.review', render: () => [{ role: 'user', content: { type: 'text', text: 'Review this.' } }] });

const docsPlugin = definePlugin({
  name: 'docs',
  version: '1.0.0',
  contributes: { tools: kernelExtensionPoints.tools, resources: kernelExtensionPoints.resources, prompts: kernelExtensionPoints.prompts },
  start: () => ({ tools: echo, resources: [readme, page], prompts: [review] }),
});

describe('kernelExtensionPoints', () => {
  it('puts what a plugin contributes into the kernel registries once it started, for any transport to serve', async () => {
    await using kernel = createKernel({ plugins: [docsPlugin()], logger: silentLogger() });
    expect(kernel.tools.has('docs.echo')).toBe(false);
    await kernel.start();
    expect((await kernel.tools.call('docs.echo', { text: 'hi' })).structured).toEqual({ text: 'hi' });
    expect(kernel.resources.list().map((r) => r.uri)).toEqual(['docs://readme']);
    expect(await kernel.resources.read('docs://pages/7')).toEqual([{ uri: 'docs://pages/7', text: 'page 7' }]);
    expect(kernel.prompts.list().map((p) => p.name)).toEqual(['docs.review']);
    expect(kernel.get(kernelTokens.resources)).toBe(kernel.resources);
    expect(kernel.get(kernelTokens.prompts)).toBe(kernel.prompts);
  });

  it("removes a contributor's tools, resources and prompts when it stops, before its stop hook runs", async () => {
    let seenAtStop: unknown;
    const tracked = definePlugin({
      name: 'tracked',
      version: '1.0.0',
      contributes: { tools: kernelExtensionPoints.tools, resources: kernelExtensionPoints.resources },
      start: () => ({ tools: [echo], resources: readme }),
      stop: ({ tools, resources }) => {
        seenAtStop = { tools: tools.has('docs.echo'), resources: resources.has('docs://readme') };
      },
    });
    const kernel = createKernel({ plugins: [tracked()], logger: silentLogger() });
    await kernel.start();
    expect(kernel.tools.has('docs.echo')).toBe(true);
    const report = await kernel.stop();
    expect(report.ok).toBe(true);
    expect(seenAtStop).toEqual({ tools: false, resources: false });
    expect(kernel.tools.list()).toEqual([]);
  });

  it("lists contributions by contributor and point in describe(), with the kernel's points", async () => {
    const quiet = definePlugin({ name: 'quiet', version: '1.0.0', contributes: { tools: kernelExtensionPoints.tools } });
    await using kernel = createKernel({ plugins: [docsPlugin(), quiet()], logger: silentLogger() });
    expect(kernel.describe().plugins.find((p) => p.name === 'docs')?.contributions).toEqual({
      'kernel.tool': [],
      'kernel.resource': [],
      'kernel.prompt': [],
    });
    await kernel.start();
    const description = kernel.describe();
    expect(description.plugins.map((p) => [p.name, p.contributions])).toEqual([
      [
        'docs',
        { 'kernel.tool': ['docs.echo'], 'kernel.resource': ['docs://readme', 'docs://pages/{id}'], 'kernel.prompt': ['docs.review'] },
      ],
      ['quiet', { 'kernel.tool': [] }],
    ]);
    expect(description.extensionPoints).toEqual([
      { id: 'kernel.tool', declaredBy: 'kernel' },
      { id: 'kernel.resource', declaredBy: 'kernel' },
      { id: 'kernel.prompt', declaredBy: 'kernel' },
    ]);
    expect(description.resources).toEqual(['docs://readme', 'docs://pages/{id}']);
    expect(description.prompts).toEqual(['docs.review']);
  });

  it('fails start when a contribution clashes, keeping the registry code and naming plugin and point', async () => {
    const clash = definePlugin({
      name: 'clash',
      version: '1.0.0',
      contributes: { tools: kernelExtensionPoints.tools },
      start: () => ({ tools: echo }),
      stop: () => undefined,
    });
    const kernel = createKernel({ plugins: [docsPlugin(), clash()], logger: silentLogger() });
    const error = (await kernel.start().catch((e: unknown) => e)) as KernelAggregateError;
    expect(CortexError.is(error, 'KERNEL_START_FAILED')).toBe(true);
    const problem = error.problems.find((p) => p.code === 'TOOL_DUPLICATE');
    expect(problem?.plugin).toMatch(/^(docs|clash)$/);
    expect(problem?.message).toMatch(/^Plugin "(docs|clash)" could not contribute "docs\.echo" to extension-point\(kernel\.tool\): /);
    expect(kernel.tools.list()).toEqual([]);
  });

  it('refuses at assembly a plugin that declares a point the kernel owns', () => {
    const thief = definePlugin({ name: 'thief', version: '1.0.0', extensionPoints: { tools: kernelExtensionPoints.tools } });
    expect(() => createKernel({ plugins: [thief()], logger: silentLogger() })).toThrow(
      'Plugin "thief" declares extension point "kernel.tool", which the kernel owns; declare each point in one plugin and contribute to it from the others.',
    );
  });
});
