import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createKernel,
  createToken,
  defineExtensionPoint,
  definePlugin,
  type ExtensionPointChange,
  type ExtensionPointContributions,
  type KernelAggregateError,
  type Plugin,
} from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

interface Skill {
  readonly name: string;
  run(input: string): string;
}

const skillPoint = defineExtensionPoint<Skill>({
  id: 'test.skill',
  owner: { package: '@acme/agents-api', version: '1' },
  label: (skill) => skill.name,
});

const skill = (name: string): Skill => ({ name, run: (input) => `${name}(${input})` });

/** The owner of `skillPoint`: hands its live collection to the test. */
function agentsPlugin(onStart: (skills: ExtensionPointContributions<Skill>) => void = () => undefined) {
  return definePlugin({
    name: 'agents',
    version: '1.0.0',
    extensionPoints: { skills: skillPoint },
    start: ({ extensions }) => {
      expectTypeOf(extensions.skills).toEqualTypeOf<ExtensionPointContributions<Skill>>();
      onStart(extensions.skills);
    },
  })();
}

function contributor(name: string, skills: readonly Skill[], log: string[] = []): Plugin {
  return definePlugin({
    name,
    version: '1.0.0',
    contributes: { skills: skillPoint },
    start: () => ({ skills }),
    stop: () => void log.push(`stop ${name}`),
  })();
}

describe('a plugin-declared extension point', () => {
  it('gives its owner a live collection: contributions arrive as contributors start and leave before their stop hooks', async () => {
    let skills: ExtensionPointContributions<Skill> | undefined;
    const log: string[] = [];
    const kernel = createKernel({
      plugins: [
        agentsPlugin((s) => (skills = s)),
        contributor('search', [skill('web'), skill('docs')], log),
        contributor('math', [skill('sum')], log),
      ],
      logger: silentLogger(),
    });
    const changes: ExtensionPointChange<Skill>[] = [];
    await kernel.start();
    const collection = skills as ExtensionPointContributions<Skill>;
    expect(collection.point).toBe(skillPoint);
    expect(collection.list().map((c) => [c.contributor, c.label])).toEqual(
      expect.arrayContaining([
        ['search', 'web'],
        ['search', 'docs'],
        ['math', 'sum'],
      ]),
    );
    expect(
      collection
        .values()
        .map((s) => s.run('x'))
        .sort(),
    ).toEqual(['docs(x)', 'sum(x)', 'web(x)']);
    collection.onChange((change) => {
      changes.push(change);
      log.push(`removed ${change.removed.map((c) => c.label).join('+')}`);
    });
    await kernel.stop();
    expect(collection.list()).toEqual([]);
    // Each contributor's values leave together, and before that contributor's stop hook.
    expect(log.indexOf('removed web+docs')).toBeLessThan(log.indexOf('stop search'));
    expect(log.indexOf('removed sum')).toBeLessThan(log.indexOf('stop math'));
    expect(changes.every((c) => c.added.length === 0)).toBe(true);
  });

  it('tells a listener what each contributor added, and stops telling it once its disposer ran', async () => {
    // The contributors require the owner's token, so they start after it and their skills arrive as changes.
    const readyToken = createToken<true>('test.agents-ready');
    const heard: string[][] = [];
    let skills: ExtensionPointContributions<Skill> | undefined;
    const agents = definePlugin({
      name: 'agents',
      version: '1.0.0',
      extensionPoints: { skills: skillPoint },
      provides: { ready: readyToken },
      start: ({ extensions }) => {
        skills = extensions.skills;
        expect(extensions.skills.list()).toEqual([]);
        const stop = extensions.skills.onChange((change) => {
          heard.push(change.added.map((c) => `${c.contributor}:${c.label}`));
          stop();
        });
        return { ready: true as const };
      },
    });
    const late = (name: string, skillName: string) =>
      definePlugin({
        name,
        version: '1.0.0',
        requires: { ready: readyToken },
        contributes: { skills: skillPoint },
        start: () => ({ skills: skill(skillName) }),
      })();
    await using kernel = createKernel({ plugins: [agents(), late('a', 'one'), late('b', 'two')], logger: silentLogger() });
    await kernel.start();
    expect(heard).toHaveLength(1);
    expect([['a:one'], ['b:two']]).toContainEqual(heard[0]);
    expect(
      skills
        ?.values()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['one', 'two']);
  });

  it('keeps the collection and other listeners going when a listener throws, and logs it', async () => {
    const lines: string[] = [];
    const calls: string[] = [];
    let skills: ExtensionPointContributions<Skill> | undefined;
    const kernel = createKernel({
      plugins: [agentsPlugin((s) => (skills = s)), contributor('a', [skill('one')])],
      logger: silentLogger(lines),
    });
    await kernel.start();
    skills?.onChange(() => {
      throw new Error('listener broke');
    });
    skills?.onChange((change) => void calls.push(...change.removed.map((c) => c.label)));
    const report = await kernel.stop();
    expect(report.ok).toBe(true);
    expect(calls).toEqual(['one']);
    expect(
      lines.some((line) => line.includes('a listener of extension point \\"test.skill\\" failed') && line.includes('listener broke')),
    ).toBe(true);
  });

  it('refuses at assembly a contribution to a point nobody declares, and a point declared twice, listing both', () => {
    const twin = definePlugin({ name: 'twin', version: '1.0.0', extensionPoints: { skills: skillPoint } });
    const orphanPoint = defineExtensionPoint<string>({ id: 'test.orphan', owner: { package: '@acme/orphan-api', version: '1' } });
    const orphan = definePlugin({ name: 'orphan', version: '1.0.0', contributes: { names: orphanPoint } });
    let thrown: unknown;
    try {
      createKernel({ plugins: [agentsPlugin(), twin(), orphan()], logger: silentLogger() });
    } catch (error) {
      thrown = error;
    }
    const error = thrown as KernelAggregateError;
    expect(error.code).toBe('KERNEL_ASSEMBLY_FAILED');
    expect(error.message).toMatchInlineSnapshot(`
      "Cannot assemble the runtime: 2 problems:
        - [EXTENSION_POINT_DUPLICATE] Plugin "twin" declares extension point "test.skill", which plugin "agents" already declares; declare each point in one plugin and contribute to it from the others.
        - [EXTENSION_POINT_UNDECLARED] Plugin "orphan" contributes to extension point "test.orphan", but no plugin in the runtime declares it; add the plugin that declares it (from @acme/orphan-api), or remove the contribution."
    `);
  });

  it('refuses a definition that names a contribution like a provided token, or contributes to a non-point', () => {
    expect(() =>
      definePlugin({
        name: 'mixed',
        version: '1.0.0',
        provides: { skills: {} as never },
        contributes: { skills: skillPoint, other: 'test.skill' as never },
      }),
    ).toThrow(
      'Plugin "mixed" is invalid: provides.skills is not a token (use createToken); contributes.other is not an extension point (use defineExtensionPoint); "skills" names both a provided token and a contribution; start returns both by name, so rename one.',
    );
  });

  it('does not compile when start returns the wrong type for a contribution', () => {
    definePlugin({
      name: 'wrong',
      version: '1.0.0',
      contributes: { skills: skillPoint },
      // @ts-expect-error a number is not a Skill
      start: () => ({ skills: 42 }),
    });
  });
});

describe('extension point contributions (properties)', () => {
  it('hold exactly the values of the started contributors, whatever the set, and none after stop', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }), { maxLength: 5 }), async (sets) => {
        let skills: ExtensionPointContributions<Skill> | undefined;
        const plugins = [agentsPlugin((s) => (skills = s)), ...sets.map((names, i) => contributor(`c${i}`, names.map(skill)))];
        const kernel = createKernel({ plugins, logger: silentLogger() });
        await kernel.start();
        const expected = sets.flatMap((names, i) => names.map((name) => `c${i}:${name}`)).sort();
        expect((skills?.list() ?? []).map((c) => `${c.contributor}:${c.label}`).sort()).toEqual(expected);
        await kernel.stop();
        expect(skills?.list()).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
