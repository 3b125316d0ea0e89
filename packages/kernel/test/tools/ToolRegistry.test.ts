import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type CortexError,
  createToolInterceptor,
  defineTool,
  runWithCorrelationId,
  toolExecutionCompletedEvent,
  toolExecutionFailedEvent,
  toolExecutionStartedEvent,
  toolResult,
  toolsChangedEvent,
  type CloudEvent,
  type ToolContext,
  type ToolProgress,
} from '@cortex-os/kernel';
import { createContractRegistry, createEventBus, createToolRegistry } from '@cortex-os/kernel/internal';
import { createFakeClock, deferred, expectCortexError } from '@cortex-os/kernel/testing';
import { silentLogger } from '../support/silentLogger.js';

const echo = defineTool({
  name: 'notes.echo',
  description: 'Repeats a text.',
  input: z.object({ text: z.string().min(1) }),
  output: z.object({ text: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ text }) => ({ text }),
});

function setup() {
  const contracts = createContractRegistry();
  for (const e of [toolExecutionStartedEvent, toolExecutionCompletedEvent, toolExecutionFailedEvent, toolsChangedEvent])
    contracts.register(e);
  const events = createEventBus({ contracts, logger: silentLogger() });
  const seen: CloudEvent[] = [];
  events.subscribe('tool.*', (e) => void seen.push(e));
  // Every read moves the clock 5 ms on, so each call takes exactly 5 ms.
  const tools = createToolRegistry({ events, now: createFakeClock(0, { autoAdvanceMs: 5 }).now });
  return { tools, seen };
}

describe('createToolRegistry', () => {
  it('validates input and output, returns structured output and emits started/completed with duration', async () => {
    const { tools, seen } = setup();
    tools.register(echo);
    const result = await tools.call('notes.echo', { text: 'hi' }, { correlationId: 'corr-1' });
    expect(result).toEqual({ tool: 'notes.echo', structured: { text: 'hi' }, content: [], durationMs: 5 });
    expect(seen.map((e) => e.type)).toEqual(['tool.registry.changed', 'tool.execution.started', 'tool.execution.completed']);
    expect(seen[2]?.data).toMatchObject({ tool: 'notes.echo', caller: 'in-process', durationMs: 5 });
    expect(seen[2]?.correlationid).toBe('corr-1');
  });

  it('starts a correlation named after the call when the caller has none, and joins the ambient one otherwise', async () => {
    const { tools, seen } = setup();
    const correlations: string[] = [];
    tools.register(
      defineTool({
        name: 'whoami',
        description: 'Reports its correlation.',
        input: z.object({}),
        handler: (_i, ctx) => void correlations.push(ctx.correlationId),
      }),
    );
    await tools.call('whoami', {});
    const started = seen.find((e) => e.type === 'tool.execution.started');
    expect(correlations[0]).toBe((started?.data as { callId: string } | undefined)?.callId);
    expect(started?.correlationid).toBe(correlations[0]);
    await runWithCorrelationId('request-7', () => tools.call('whoami', {}));
    expect(correlations[1]).toBe('request-7');
  });

  it('names the invalid field and emits failed', async () => {
    const { tools, seen } = setup();
    tools.register(echo);
    const error = await expectCortexError(tools.call('notes.echo', { text: '' }), 'TOOL_INPUT_INVALID');
    expect(error.message).toBe('Invalid input for tool "notes.echo": text: Too small: expected string to have >=1 characters.');
    expect(error.details['issues']).toEqual([
      { path: 'text', message: 'Too small: expected string to have >=1 characters', code: 'too_small' },
    ]);
    expect(seen.at(-1)?.type).toBe('tool.execution.failed');
  });

  it('is a typed UnknownTool error with a suggestion', async () => {
    const { tools } = setup();
    tools.register(echo);
    const error = await expectCortexError(tools.call('notes.ecko', {}), 'TOOL_UNKNOWN');
    expect(error.message).toBe('Unknown tool "notes.ecko". Did you mean "notes.echo"?');
  });

  it('rejects output that breaks the output contract, and wraps handler failures keeping the cause', async () => {
    const { tools } = setup();
    tools.register(
      defineTool({
        name: 'bad',
        description: 'Returns a number.',
        input: z.object({}),
        output: z.object({ n: z.number() }),
        handler: () => ({ n: 'x' }) as never,
      }),
    );
    tools.register(
      defineTool({
        name: 'throws',
        description: 'Throws.',
        input: z.object({}),
        handler: () => {
          throw new TypeError('db offline');
        },
      }),
    );
    await expectCortexError(tools.call('bad', {}), 'TOOL_OUTPUT_INVALID');
    const error = await expectCortexError(tools.call('throws', {}), 'TOOL_EXECUTION_FAILED');
    expect(error.message).toBe('Tool "throws" failed: db offline');
    expect((error.cause as Error).name).toBe('TypeError');
  });

  it('carries rich content, progress and logs from the handler context', async () => {
    const { tools } = setup();
    const progress: ToolProgress[] = [];
    const logs: unknown[] = [];
    tools.register(
      defineTool({
        name: 'rich',
        description: 'Returns an image.',
        input: z.object({}),
        output: z.object({ count: z.number() }),
        handler: (_input, ctx) => {
          ctx.reportProgress({ progress: 1, total: 2, message: 'half' });
          ctx.log('info', { step: 'done' });
          return toolResult({ structured: { count: 1 }, content: [{ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }] });
        },
      }),
    );
    const result = await tools.call(
      'rich',
      {},
      { onProgress: (p) => void progress.push(p), onLog: (level, data) => void logs.push([level, data]) },
    );
    expect(result.content).toEqual([{ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }]);
    expect(result.structured).toEqual({ count: 1 });
    expect(progress).toEqual([{ progress: 1, total: 2, message: 'half' }]);
    expect(logs).toEqual([['info', { step: 'done' }]]);
  });

  it('aborts the handler signal when the caller cancels, and reports TOOL_ABORTED', async () => {
    const { tools } = setup();
    let handlerSignal: AbortSignal | undefined;
    const { promise: inHandler, resolve: entered } = deferred();
    tools.register(
      defineTool({
        name: 'wait',
        description: 'Waits until cancelled.',
        input: z.object({}),
        handler: (_i, ctx) => {
          handlerSignal = ctx.signal;
          entered();
          return new Promise(() => {});
        },
      }),
    );
    const controller = new AbortController();
    const pending = expectCortexError(tools.call('wait', {}, { signal: controller.signal }), 'TOOL_ABORTED');
    await inHandler;
    controller.abort(new Error('user pressed stop'));
    const error = await pending;
    expect(error.message).toBe('Tool "wait" was cancelled: user pressed stop.');
    expect(handlerSignal?.aborted).toBe(true);
  });

  it('gives each call its own live signal and context, even without a caller signal', async () => {
    const { tools, seen } = setup();
    const contexts: ToolContext[] = [];
    tools.register(
      defineTool({
        name: 'ctx',
        description: 'Keeps its context.',
        input: z.object({}),
        handler: (_i, ctx) => {
          contexts.push(ctx);
          // Destructured callbacks work: they are the context's own functions.
          const { reportProgress, log } = ctx;
          reportProgress({ progress: 1 });
          log('info', 'x');
          return undefined;
        },
      }),
    );
    const progress: ToolProgress[] = [];
    const sample: NonNullable<ToolContext['sample']> = async () => ({ text: 'sampled' });
    await tools.call('ctx', {});
    await tools.call('ctx', {}, { onProgress: (p) => void progress.push(p), sample, caller: { transport: 'mcp', id: 'c' } });
    const [first, second] = contexts as [ToolContext, ToolContext];
    expect(first.signal).toBeInstanceOf(AbortSignal);
    expect(first.signal.aborted).toBe(false);
    expect(first.signal).toBe(first.signal);
    expect(second.signal).not.toBe(first.signal);
    expect(first).toMatchObject({ toolName: 'ctx', caller: { transport: 'in-process' } });
    expect(second.caller).toEqual({ transport: 'mcp', id: 'c' });
    expect(['sample' in first, 'elicit' in first, 'sample' in second, 'elicit' in second]).toEqual([false, false, true, false]);
    expect(second.sample).toBe(sample);
    expect(progress).toEqual([{ progress: 1 }]);
    const callIds = seen.filter((e) => e.type === 'tool.execution.started').map((e) => (e.data as { callId: string }).callId);
    expect(new Set(callIds).size).toBe(2);
    expect(first.correlationId).toBe(callIds[0]);
  });

  it('refuses to run the handler when the caller has already aborted, and rejects rather than throws', async () => {
    const { tools, seen } = setup();
    let ran = false;
    tools.register(
      defineTool({
        name: 'never',
        description: 'Must not run.',
        input: z.object({}),
        handler: () => {
          ran = true;
        },
      }),
    );
    const pending = tools.call('never', {}, { signal: AbortSignal.abort(new Error('too late')) });
    const error = await expectCortexError(pending, 'TOOL_ABORTED');
    expect(error.message).toBe('Tool "never" was cancelled: too late.');
    expect(ran).toBe(false);
    expect(seen.at(-1)?.type).toBe('tool.execution.failed');
    const unknown = tools.call('nothing', {});
    await expectCortexError(unknown, 'TOOL_UNKNOWN');
    const nullOptions = tools.call('never', {}, null as never);
    await expect(nullOptions).rejects.toThrow(TypeError);
  });

  it('joins the correlation the caller names, and returns validated output without unknown keys', async () => {
    const { tools, seen } = setup();
    const correlations: string[] = [];
    tools.register(
      defineTool({
        name: 'strip',
        description: 'Returns more than it declares.',
        input: z.object({}),
        output: z.object({ n: z.number() }),
        handler: (_i, ctx) => {
          correlations.push(ctx.correlationId);
          return { n: 1, secret: 'x' } as never;
        },
      }),
    );
    const result = await runWithCorrelationId('outer', () => tools.call('strip', {}, { correlationId: 'outer' }));
    expect(result.structured).toEqual({ n: 1 });
    await runWithCorrelationId('outer', () => tools.call('strip', {}, { correlationId: 'inner' }));
    expect(correlations).toEqual(['outer', 'inner']);
    expect(seen.filter((e) => e.type === 'tool.execution.completed').map((e) => e.correlationid)).toEqual(['outer', 'inner']);
  });

  it('runs interceptors around every call, outermost first, and lets them see errors', async () => {
    const { tools } = setup();
    tools.register(echo);
    const order: string[] = [];
    tools.intercept(
      createToolInterceptor({ name: 'outer', before: () => void order.push('outer before'), after: () => void order.push('outer after') }),
    );
    const remove = tools.intercept({
      name: 'inner',
      intercept: async (call, next) => {
        order.push(`inner ${call.tool.name}`);
        return next();
      },
    });
    await tools.call('notes.echo', { text: 'x' });
    expect(order).toEqual(['outer before', 'inner notes.echo', 'outer after']);
    remove();
    const errors: string[] = [];
    tools.intercept(createToolInterceptor({ name: 'errors', error: (_c, e) => void errors.push((e as CortexError).code) }));
    tools.register(
      defineTool({ name: 'fails', description: 'Fails.', input: z.object({}), handler: () => Promise.reject(new Error('no')) }),
    );
    await expectCortexError(tools.call('fails', {}), 'TOOL_EXECUTION_FAILED');
    expect(errors).toEqual(['TOOL_EXECUTION_FAILED']);
  });

  it('adds and removes tools at run time, telling listeners and listing JSON Schemas', () => {
    const { tools } = setup();
    const changes: unknown[] = [];
    tools.onChange((c) => void changes.push(c));
    const remove = tools.register(echo);
    expect(tools.list()).toEqual([
      {
        name: 'notes.echo',
        description: 'Repeats a text.',
        annotations: { readOnlyHint: true },
        inputSchema: expect.objectContaining({ type: 'object', required: ['text'] }),
        outputSchema: expect.objectContaining({ type: 'object' }),
      },
    ]);
    expect(() => tools.register(echo)).toThrow('A tool named "notes.echo" is already registered');
    remove();
    expect(tools.list()).toEqual([]);
    expect(changes).toEqual([
      { added: ['notes.echo'], removed: [] },
      { added: [], removed: ['notes.echo'] },
    ]);
  });

  it('rejects bad tool names when a tool is defined', () => {
    expect(() => defineTool({ name: 'has space', description: 'x', input: z.object({}), handler: () => ({}) })).toThrow(
      'Tool name "has space" is invalid',
    );
  });

  describe('cancellation', () => {
    /** A tool that keeps the signals it sees and waits for `release` (or never settles without it). */
    function waitingTool(name: string, seen: AbortSignal[], release?: Promise<unknown>) {
      const { promise: entered, resolve: enter } = deferred();
      const tool = defineTool({
        name,
        description: 'Waits.',
        input: z.object({}),
        handler: (_i, ctx) => {
          seen.push(ctx.signal, ctx.signal);
          enter();
          return (release ?? new Promise(() => {})).then(() => undefined);
        },
      });
      return { tool, entered };
    }

    it('gives the handler a signal that never aborts when the caller passes none, also the one interceptors read', async () => {
      const { tools } = setup();
      const seen: AbortSignal[] = [];
      tools.intercept({
        name: 'reads',
        intercept: (call, next) => {
          seen.push(call.context.signal);
          return next();
        },
      });
      tools.register(waitingTool('free', seen, Promise.resolve()).tool);
      await tools.call('free', {});
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(1);
      expect(seen[0]?.aborted).toBe(false);
    });

    it('listens to the caller signal only while the call runs, and ignores an abort after it', async () => {
      const { tools } = setup();
      const seen: AbortSignal[] = [];
      const { promise: release, resolve: finish } = deferred();
      const { tool, entered } = waitingTool('held', seen, release);
      tools.register(tool);
      const controller = new AbortController();
      const pending = tools.call('held', {}, { signal: controller.signal });
      await entered;
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      expect(seen[0]).not.toBe(controller.signal);
      finish();
      await pending;
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      controller.abort(new Error('too late'));
      expect(seen[0]?.aborted).toBe(false);
    });

    it('rejects at once when the caller aborts, though the handler never settles, and stops listening', async () => {
      const { tools, seen: events } = setup();
      const seen: AbortSignal[] = [];
      const { tool, entered } = waitingTool('stuck', seen);
      tools.register(tool);
      const controller = new AbortController();
      const pending = expectCortexError(tools.call('stuck', {}, { signal: controller.signal }), 'TOOL_ABORTED');
      await entered;
      const reason = new Error('stop');
      controller.abort(reason);
      const error = await pending;
      expect(error.cause).toBe(reason);
      expect(seen[0]?.reason).toBe(reason);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(events.at(-1)).toMatchObject({ type: 'tool.execution.failed', data: { code: 'TOOL_ABORTED' } });
    });

    it('does not run the handler when the caller aborts while an interceptor runs', async () => {
      const { tools } = setup();
      let ran = false;
      const controller = new AbortController();
      tools.intercept({
        name: 'aborts',
        intercept: (_call, next) => {
          controller.abort();
          return next();
        },
      });
      tools.register(
        defineTool({
          name: 'guarded',
          description: 'Must not run.',
          input: z.object({}),
          handler: () => {
            ran = true;
          },
        }),
      );
      const error = await expectCortexError(tools.call('guarded', {}, { signal: controller.signal }), 'TOOL_ABORTED');
      expect(error.message).toBe('Tool "guarded" was cancelled: This operation was aborted.');
      expect(ran).toBe(false);
    });

    it('aborts a retried attempt too: the last attempt waits on the same caller signal', async () => {
      const { tools } = setup();
      const seen: AbortSignal[] = [];
      const { tool, entered } = waitingTool('retried', seen);
      tools.register(tool);
      tools.intercept({
        name: 'retry once',
        intercept: async (_call, next) => {
          await next().catch(() => undefined);
          return next();
        },
      });
      const controller = new AbortController();
      const pending = expectCortexError(tools.call('retried', {}, { signal: controller.signal }), 'TOOL_ABORTED');
      await entered;
      controller.abort(new Error('first'));
      await pending;
      expect(seen.every((signal) => signal.aborted)).toBe(true);
    });

    it('reports TOOL_ABORTED for an abort with a reason that is not an Error, and for a plain error thrown after an abort', async () => {
      const { tools } = setup();
      const seen: AbortSignal[] = [];
      const { tool, entered } = waitingTool('plain', seen);
      tools.register(tool);
      const controller = new AbortController();
      const pending = expectCortexError(tools.call('plain', {}, { signal: controller.signal }), 'TOOL_ABORTED');
      await entered;
      controller.abort('user left');
      expect((await pending).message).toBe('Tool "plain" was cancelled.');
      tools.intercept({
        name: 'rewraps',
        intercept: (_call, next) =>
          next().catch(() => {
            throw new Error('wrapped by an interceptor');
          }),
      });
      const second = new AbortController();
      const wrapped = expectCortexError(tools.call('plain', {}, { signal: second.signal }), 'TOOL_ABORTED');
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      second.abort(new Error('stop'));
      expect((await wrapped).message).toBe('Tool "plain" was cancelled: stop.');
    });

    it('leaves a rich result without structured output unchecked by the output schema', async () => {
      const { tools } = setup();
      tools.register(
        defineTool({
          name: 'picture',
          description: 'Only content.',
          input: z.object({}),
          output: z.object({ n: z.number() }),
          handler: () => toolResult({ content: [{ type: 'text', text: 'no structured part' }] }) as never,
        }),
      );
      const result = await tools.call('picture', {});
      expect(result).toEqual({ tool: 'picture', content: [{ type: 'text', text: 'no structured part' }], durationMs: 5 });
    });

    it('gives two registries different call ids, each unique', async () => {
      const a = setup();
      const b = setup();
      for (const { tools } of [a, b, a]) {
        tools.register(defineTool({ name: `t${Math.random()}`, description: 'x', input: z.object({}), handler: () => undefined }));
        const [name] = tools.list().map((t) => t.name);
        await tools.call(name as string, {});
      }
      const ids = [...a.seen, ...b.seen]
        .filter((e) => e.type === 'tool.execution.started')
        .map((e) => (e.data as { callId: string }).callId);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
    });
  });
});
