import { type Context, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import { isTracingActive } from '@cortex-os/kernel/tracing';
import type { AgentStepUsage, AgentToolCallRecord } from './AgentRunStep.js';

function fail(span: Span, code: string): void {
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/**
 * The OpenTelemetry spans of one run, named and attributed after the GenAI semantic conventions
 * (development status): `invoke_agent <agent>`, a `chat <model>` child per model call with the
 * model and tokens, and an `execute_tool <tool>` child per tool call, in whose context the
 * registry call runs (so interceptors' spans nest under it).
 */
export class AgentRunSpans {
  // Taken per run, not once at load: a tracer from the global provider before the host registers
  // (or re-registers) an SDK would stay bound to the provider it came from.
  readonly #tracer: Tracer = trace.getTracer('@cortex-os/plugin-agents');
  readonly #run: Span;
  readonly #context: Context;

  /** The spans of a run, or `undefined` when no SDK is registered. */
  static start(agent: string, runId: string, depth: number): AgentRunSpans | undefined {
    // No SDK registered: runs make no spans at all (pay only when observed).
    return isTracingActive() ? new AgentRunSpans(agent, runId, depth) : undefined;
  }

  private constructor(agent: string, runId: string, depth: number) {
    this.#run = this.#tracer.startSpan(`invoke_agent ${agent}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': agent,
        'gen_ai.conversation.id': runId,
        'cortex.agent.depth': depth,
      },
    });
    this.#context = trace.setSpan(context.active(), this.#run);
  }

  /** Starts the span of a model call; end it with {@link AgentRunSpans.modelEnded}. */
  modelStarted(step: number, model: string | undefined): Span {
    return this.#tracer.startSpan(
      `chat ${model ?? 'model'}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'cortex.agent.step': step,
          ...(model === undefined ? {} : { 'gen_ai.request.model': model }),
        },
      },
      this.#context,
    );
  }

  modelEnded(span: Span, reply: RouterGenerateResult | undefined, usage: AgentStepUsage | undefined, errorCode?: string): void {
    if (reply !== undefined) {
      span.setAttributes({
        'gen_ai.response.model': reply.model,
        'gen_ai.provider.name': reply.provider,
        'gen_ai.response.finish_reasons': [reply.finishReason],
        'cortex.agent.tools_called': (reply.toolCalls ?? []).map((call) => call.name),
      });
    }
    if (usage !== undefined)
      span.setAttributes({ 'gen_ai.usage.input_tokens': usage.inputTokens, 'gen_ai.usage.output_tokens': usage.outputTokens });
    if (errorCode !== undefined) fail(span, errorCode);
    span.end();
  }

  /** Runs `work` with `span` (a model call's) active, so spans started inside become its children. */
  within<T>(span: Span, work: () => Promise<T>): Promise<T> {
    return context.with(trace.setSpan(this.#context, span), work);
  }

  /** Runs a tool call (the model's, or the loop's own memory call) inside its `execute_tool` span and records how it ended. */
  async toolCall<R extends Pick<AgentToolCallRecord, 'error'> & { readonly outcome: string }>(
    step: number,
    callId: string,
    tool: string,
    run: () => Promise<R>,
  ): Promise<R> {
    const span = this.#tracer.startSpan(
      `execute_tool ${tool}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': tool,
          'gen_ai.tool.call.id': callId,
          'cortex.agent.step': step,
        },
      },
      this.#context,
    );
    try {
      const record = await context.with(trace.setSpan(this.#context, span), run);
      span.setAttribute('cortex.agent.tool_outcome', record.outcome);
      if (record.error !== undefined) fail(span, record.error.code);
      return record;
    } finally {
      span.end();
    }
  }

  /** Ends the run's span with its status, reason and totals. */
  ended(status: string, reason: string, totalTokens: number, errorCode?: string): void {
    this.#run.setAttributes({ 'cortex.agent.status': status, 'cortex.agent.reason': reason, 'cortex.agent.total_tokens': totalTokens });
    if (errorCode !== undefined) fail(this.#run, errorCode);
    this.#run.end();
  }
}
