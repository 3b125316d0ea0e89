import { CortexError } from '@cortex-os/kernel';

/**
 * A step failure read back from a task's checkpoint: only its code was recorded (never the
 * tool's raw message), and a resumed run fails the step with it again.
 */
export class RecordedStepFailure extends Error {
  override readonly name = 'RecordedStepFailure';
  constructor(readonly code: string) {
    super(`The step failed with ${code}.`);
  }
}

/** The code a failed step is reported with (events, re-plan context, checkpoints): never the raw message. */
export function stepErrorCode(error: unknown): string {
  if (error instanceof RecordedStepFailure) return error.code;
  return CortexError.is(error) ? error.code : 'UNKNOWN';
}
