import { defineTool } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { checkPlan, type PlanProblemCode, type PlanToolContract, registryToolContracts } from '@cortex-os/plugin-cerebrum';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

type Kind = 'num' | 'str';
const inputOf = { num: z.object({ n: z.number() }), str: z.object({ q: z.string().min(1) }) } as const;
const validInput = (kind: Kind, seed: number) => (kind === 'num' ? { n: seed } : { q: `q${seed}` });
const invalidInput = (kind: Kind) => (kind === 'num' ? { n: 'not a number' } : { q: 7 });

interface GeneratedTool {
  readonly name: string;
  readonly kind: Kind;
  readonly openWorld: boolean;
}

/** A registry of 1–4 local tools per kind, each with an open-world twin of the same kind. */
const registry = fc.integer({ min: 1, max: 4 }).map((perKind) =>
  (['num', 'str'] as const).flatMap((kind) =>
    [...Array(perKind).keys()].flatMap((i) => [
      { name: `${kind}.local${i}`, kind, openWorld: false },
      { name: `${kind}.remote${i}`, kind, openWorld: true },
    ]),
  ),
);

/** A valid local-only plan by construction: a DAG (step i depends only on earlier steps) over local tools with fitting inputs. */
const scenario = registry.chain((tools) => {
  const local = tools.filter((tool) => !tool.openWorld);
  return fc
    .array(fc.tuple(fc.nat(local.length - 1), fc.array(fc.nat(), { maxLength: 3 }), fc.integer()), { minLength: 1, maxLength: 10 })
    .map((rows) => ({
      tools,
      steps: rows.map(([toolIndex, deps, seed], i) => {
        const tool = local[toolIndex] as GeneratedTool;
        return {
          id: `s${i}`,
          tool: tool.name,
          input: validInput(tool.kind, seed),
          dependsOn: [...new Set(i === 0 ? [] : deps.map((d) => `s${d % i}`))],
        };
      }),
    }));
});

type Defect = 'unknown-tool' | 'input-invalid' | 'cycle' | 'not-local' | 'over-budget';
const defects: readonly Defect[] = ['unknown-tool', 'input-invalid', 'cycle', 'not-local', 'over-budget'];

function optionsFor(tools: readonly GeneratedTool[], maxSteps: number) {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  return {
    tools: tools.map((tool) => tool.name),
    describeTool: (name: string): PlanToolContract | undefined => {
      const tool = byName.get(name);
      return tool === undefined ? undefined : { input: inputOf[tool.kind], openWorld: tool.openWorld };
    },
    constraints: { localOnly: true, maxSteps },
  };
}

describe('plan validation against contracts and constraints (properties)', () => {
  it('passes valid plans, and reports exactly the one defect injected into a mutated copy', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...defects), fc.nat(), ({ tools, steps }, defect, pick) => {
        const valid = checkPlan({ goal: 'g', steps }, optionsFor(tools, steps.length));
        expect(valid.problems).toEqual([]);

        // Sinks (steps nothing depends on) take the defect, so a self-loop flags only its own step.
        const sinks = steps.filter((step) => !steps.some((other) => other.dependsOn.includes(step.id)));
        const target = sinks[pick % sinks.length] as (typeof steps)[number];
        const kind = (tools.find((tool) => tool.name === target.tool) as GeneratedTool).kind;
        const mutate = (change: object) => steps.map((step) => (step.id === target.id ? { ...step, ...change } : step));
        const mutated =
          defect === 'unknown-tool'
            ? mutate({ tool: 'ghost.tool' })
            : defect === 'input-invalid'
              ? mutate({ input: invalidInput(kind) })
              : defect === 'cycle'
                ? mutate({ dependsOn: [...target.dependsOn, target.id] })
                : defect === 'not-local'
                  ? mutate({ tool: target.tool.replace('.local', '.remote') })
                  : steps;
        const maxSteps = defect === 'over-budget' ? steps.length - 1 : steps.length;
        const { problems } = checkPlan({ goal: 'g', steps: mutated }, optionsFor(tools, maxSteps));
        expect(problems.map((problem) => problem.code)).toEqual([defect satisfies PlanProblemCode]);
        if (defect !== 'over-budget') expect(problems[0]?.step).toBe(target.id);
      }),
      { seed: 2312, numRuns: 300 },
    );
  });
});

describe('checkPlan with the runtime registry', () => {
  const tools = createToolRegistry();
  tools.register(
    defineTool({
      name: 'notes.search',
      description: 'Search.',
      input: z.object({ q: z.string(), limit: z.number().int() }),
      handler: () => ({}),
    }),
  );
  tools.register(
    defineTool({
      name: 'web.fetch',
      description: 'Fetch.',
      input: z.object({ url: z.url() }),
      annotations: { openWorldHint: true },
      handler: () => ({}),
    }),
  );
  const options = { tools: ['notes.search', 'web.fetch'], describeTool: registryToolContracts(tools) };

  it('leaves out arguments a step takes from earlier steps, and checks the rest', () => {
    const steps = [
      { id: 'a', tool: 'web.fetch', input: { url: 'https://example.org/' } },
      { id: 'b', tool: 'notes.search', input: { limit: 3 }, inputsFrom: { q: 'a' }, dependsOn: ['a'] },
      { id: 'c', tool: 'notes.search', input: { limit: 'three' }, inputsFrom: { q: 'a' }, dependsOn: ['a'] },
    ];
    const { problems } = checkPlan({ goal: 'g', steps }, options);
    expect(problems).toEqual([
      { code: 'input-invalid', step: 'c', message: expect.stringContaining('input "limit" does not fit tool "notes.search"') },
    ]);
  });

  it('refuses tools outside the allow-list and open-world tools under localOnly', () => {
    const steps = [{ id: 'a', tool: 'web.fetch', input: { url: 'https://example.org/' } }];
    expect(checkPlan({ goal: 'g', steps }, { ...options, allowedTools: ['notes.search'] }).problems.map((p) => p.code)).toEqual([
      'not-allowed',
    ]);
    expect(checkPlan({ goal: 'g', steps }, { ...options, constraints: { localOnly: true } }).problems.map((p) => p.code)).toEqual([
      'not-local',
    ]);
  });
});
