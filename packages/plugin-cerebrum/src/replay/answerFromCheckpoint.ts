import type { TaskStep } from '@cortex-os/plugin-tasks';
import { CerebrumError } from '../errors/CerebrumError.js';
import { firstDifference } from './firstDifference.js';

/** JSON as a checkpoint holds it: what a live value is compared with. */
export function asRecorded(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * The recorded output of `callId`, after checking the run asks it the same question it asked
 * when recorded; `step` is the plan (re-plan number) the call belongs to, for the divergence.
 *
 * @throws {@link CerebrumError} `CEREBRUM_REPLAY_DIVERGED` naming the step and first field that differ, or the call not recorded.
 */
export function answerFromCheckpoint(recorded: ReadonlyMap<string, TaskStep>, callId: string, asked: unknown, step: number): unknown {
  const checkpoint = recorded.get(callId);
  const difference =
    checkpoint === undefined
      ? { path: callId, recorded: undefined, replayed: 'a call' }
      : firstDifference(checkpoint.input, asRecorded(asked), callId);
  if (difference === undefined) return checkpoint?.output;
  const divergence = { step, field: difference.path, recorded: difference.recorded, replayed: difference.replayed };
  throw CerebrumError.create('CEREBRUM_REPLAY_DIVERGED', { step: String(step), field: divergence.field }, { details: { ...divergence } });
}
