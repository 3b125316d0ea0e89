import { CortexError } from '@cortex-os/kernel';
import { isTracingActive } from '@cortex-os/kernel/tracing';
import { type Context, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { Critic, Critique, CritiqueRequest } from '../critique/Critic.js';
import type { PlanExecution } from './executePlan.js';
import type { PlanStep } from './planSchema.js';
import { stepErrorCode } from './stepErrorCode.js';

function fail(span: Span, code: string): void {
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/** Runs `work` in a span child of `parent`, ending it with the error's code (never its message) when it throws. */
async function inSpan<T>(span: Span, parent: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    fail(span, stepErrorCode(error));
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The OpenTelemetry spans of one plan-and-execute run: `cerebrum.plan` over the whole run, with a
 * `cerebrum.planning` child per planning call (the first plan and each re-plan; the model's spans
 * nest under it) and a `cerebrum.step <tool>` child per step (the tool call's spans nest under it).
 * No goal, input or message is recorded — only ids, counts and error codes.
 */
export class PlanSpans {
  // Taken per run: a tracer taken before the host registers an SDK would stay bound to the no-op provider.
  readonly #tracer: Tracer = trace.getTracer('@cortex-os/plugin-cerebrum');
  readonly #run: Span;
  readonly #context: Context;

  /** The spans of a run, or `undefined` when no SDK is registered (pay only when observed). */
  static start(durable: boolean): PlanSpans | undefined {
    return isTracingActive() ? new PlanSpans(durable) : undefined;
  }

  private constructor(durable: boolean) {
    this.#run = this.#tracer.startSpan('cerebrum.plan', { kind: SpanKind.INTERNAL, attributes: { 'cortex.plan.durable': durable } });
    this.#context = trace.setSpan(context.active(), this.#run);
  }

  /** Runs the n-th planning call in its span. */
  planning<T extends { readonly attempts: number; readonly plan: { readonly steps: readonly unknown[] } }>(
    replan: number,
    work: () => Promise<T>,
  ): Promise<T> {
    const span = this.#tracer.startSpan('cerebrum.planning', { attributes: { 'cortex.plan.replan': replan } }, this.#context);
    return inSpan(span, this.#context, async () => {
      const result = await work();
      span.setAttributes({ 'cortex.plan.attempts': result.attempts, 'cortex.plan.steps': result.plan.steps.length });
      return result;
    });
  }

  /** Runs a step of plan `replan` in its span. */
  step<T>(replan: number, step: PlanStep, work: () => Promise<T>): Promise<T> {
    const span = this.#tracer.startSpan(
      `cerebrum.step ${step.tool}`,
      { attributes: { 'cortex.plan.step': step.id, 'cortex.plan.replan': replan, 'gen_ai.tool.name': step.tool } },
      this.#context,
    );
    return inSpan(span, this.#context, work);
  }

  /** Ends the run's span with what the run did, or the code it failed with. */
  ended(execution: PlanExecution | undefined, error?: unknown): void {
    if (execution !== undefined)
      this.#run.setAttributes({ 'cortex.plan.replans': execution.replans, 'cortex.plan.steps_ran': execution.ran.length });
    if (error !== undefined) fail(this.#run, CortexError.is(error) ? error.code : stepErrorCode(error));
    this.#run.end();
  }
}

/**
 * A critic whose every verdict is a `cerebrum.critique` span (score, satisfied, feedback count),
 * a child of the span active where it is asked; the critic itself when no SDK is registered.
 */
export function tracedCritic(critic: Critic, purpose: 'plan' | 'answer' | 'task'): Critic {
  return {
    critique: async (request: CritiqueRequest): Promise<Critique> => {
      if (!isTracingActive()) return critic.critique(request);
      const tracer = trace.getTracer('@cortex-os/plugin-cerebrum');
      const span = tracer.startSpan('cerebrum.critique', { attributes: { 'cortex.critique.of': purpose } });
      return inSpan(span, context.active(), async () => {
        const verdict = await critic.critique(request);
        span.setAttributes({
          'cortex.critique.score': verdict.score,
          'cortex.critique.satisfied': verdict.satisfied,
          'cortex.critique.feedback': verdict.feedback.length,
        });
        return verdict;
      });
    },
  };
}
