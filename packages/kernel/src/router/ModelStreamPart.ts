import type { ModelFinishReason, ModelUsage } from './ModelProvider.js';

/**
 * A piece of text the model generated.
 * @public
 */
export interface ModelTextDelta {
  /** Marks a text delta. */
  readonly type: 'text-delta';
  /** The new text, appended to what came before. */
  readonly text: string;
}

/**
 * A piece of a tool call: its arguments arrive in pieces, the first piece of a call carries its id and name.
 * @public
 */
export interface ModelToolCallDelta {
  /** Marks a tool-call delta. */
  readonly type: 'tool-call-delta';
  /** Position of the call in the reply; pieces of one call share it (calls may interleave). */
  readonly index: number;
  /** The call's id; present on the call's first piece at least. */
  readonly id?: string;
  /** The called tool's name; present on the call's first piece at least. */
  readonly name?: string;
  /** More of the arguments' JSON text, appended to what came before (may be empty). */
  readonly argumentsDelta: string;
}

/**
 * The end of a streamed reply: why the model stopped and what it used. Always the last part.
 * @public
 */
export interface ModelStreamFinish {
  /** Marks the end. */
  readonly type: 'finish';
  /** Why the model stopped. */
  readonly finishReason: ModelFinishReason;
  /** Tokens used, when the provider reports them. */
  readonly usage?: ModelUsage;
}

/**
 * One typed part of a streamed reply: text deltas and tool-call deltas in the order the model
 * produced them, then one `finish`.
 * @public
 */
export type ModelStreamPart = ModelTextDelta | ModelToolCallDelta | ModelStreamFinish;
