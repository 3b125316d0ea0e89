import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-slo throws, with what it means and how to solve it.
 *
 * Codes are `SLO_WHAT`, stable once released and never reused. The README's "Error codes" table is
 * checked against this catalogue by `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const sloErrorCatalogue = defineErrorCatalogue('SLO', {
  SLO_INVALID: {
    kind: 'invalid-input',
    message: 'The SLO definitions are invalid ({count} problems):\n{problems}',
    description:
      'An SLO definition is malformed: a missing or duplicate name, neither a route nor a tool as its target, no objective, an objective outside (0, 1), a window Prometheus cannot express, or a latency threshold that is not a bucket of the duration histograms.',
    solution: 'Fix each problem listed in `details.problems` (each names the path of the value that is wrong).',
  },
});

/**
 * A code of {@link sloErrorCatalogue}.
 * @public
 */
export type SloErrorCode = keyof typeof sloErrorCatalogue;
