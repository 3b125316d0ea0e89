import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineExtensionPoint, type ExtensionPoint, type ExtensionPointValue } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';

interface Skill {
  readonly name: string;
}

describe('defineExtensionPoint', () => {
  it('makes a frozen, typed point that carries its id, owner and description', () => {
    const point = defineExtensionPoint<Skill>({
      id: 'agents.skill',
      owner: { package: '@acme/agents-api', version: '1' },
      description: 'Skills agents can use.',
      label: (skill) => skill.name,
    });
    expectTypeOf<ExtensionPointValue<typeof point>>().toEqualTypeOf<Skill>();
    expectTypeOf(point).toExtend<ExtensionPoint<unknown>>();
    expect(point).toMatchObject({
      id: 'agents.skill',
      owner: { package: '@acme/agents-api', version: '1' },
      description: 'Skills agents can use.',
    });
    expect(Object.isFrozen(point)).toBe(true);
    expect(String(point)).toBe('extension-point(agents.skill)');
    expect(() => point.$type).toThrow(/type-only/);
    expect(Object.keys(defineExtensionPoint({ id: 'app.hooks' })).sort()).toEqual(['$type', 'id', 'toString']);
  });

  it('rejects a bad id and a label that is not a function, listing both', async () => {
    const thrown = await expectCortexError(
      () => defineExtensionPoint({ id: 'Agents Skill', label: 'name' as never }),
      'EXTENSION_POINT_DEFINITION_INVALID',
    );
    expect(thrown.message).toMatchInlineSnapshot(
      `"Extension point "Agents Skill" is invalid: id "Agents Skill" must be lowercase dotted segments of letters, digits and dashes, e.g. "agents.skill"; label must be a function from a contribution to its name."`,
    );
  });

  it('rejects an owner that is not a package with a whole-number contract version', async () => {
    const thrown = await expectCortexError(
      () => defineExtensionPoint({ id: 'agents.skill', owner: { package: '@acme/agents-api', version: '1.2.0' } }),
      'EXTENSION_POINT_DEFINITION_INVALID',
    );
    expect(thrown.message).toBe(
      'Extension point "agents.skill" has an invalid owner: version "1.2.0" is not a whole-number contract version (e.g. "1").',
    );
  });
});
