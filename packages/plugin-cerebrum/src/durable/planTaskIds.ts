/** The journal ids of a plan task's checkpoints: the same in every attempt. */
export const planTaskIds = {
  /** The n-th planning call (0: the first plan, n: the n-th re-plan). */
  plan: (replan: number): string => `plan:${replan}`,
  /** A step run under the n-th plan (a step kept by a re-plan is not run again, so keeps its id). */
  step: (replan: number, step: string): string => `step:${replan}:${step}`,
  /** The parts of a step's id, or undefined for another call. */
  parseStep(callId: string): { readonly replan: number; readonly step: string } | undefined {
    const match = /^step:(\d+):(.+)$/.exec(callId);
    return match === null ? undefined : { replan: Number(match[1]), step: match[2] as string };
  },
  parsePlan(callId: string): number | undefined {
    const match = /^plan:(\d+)$/.exec(callId);
    return match === null ? undefined : Number(match[1]);
  },
};
