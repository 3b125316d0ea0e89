import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-gates throws, with what it means and how to solve it.
 *
 * Codes are `GATES_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/errors/gatesErrorCatalogue.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const gatesErrorCatalogue = defineErrorCatalogue('GATES', {
  GATES_CONTRACT_UNREADABLE: {
    kind: 'internal',
    message: 'contract {file} cannot be read: {reason}',
    description: 'The quality-gate contract file is missing or is not valid JSON.',
    solution: 'Pass the right path with `--contract`; check the file parses as JSON.',
  },
  GATES_CONTRACT_INVALID: {
    kind: 'internal',
    message: 'contract {file} is invalid:\n{issues}',
    description: 'The contract parsed as JSON but does not match the contract schema.',
    solution: 'Fix each field listed in `details.issues`; point `$schema` at schema/quality-gate.schema.json for editor help.',
  },
  GATES_REPORT_UNREADABLE: {
    kind: 'internal',
    message: 'report {file} cannot be read: {reason}',
    description: 'A report file exists but cannot be read or is not valid JSON.',
    solution: 'Re-run the tool that writes the report (coverage, Stryker, audit, bench, flake reporter) and check it finished.',
  },
  GATES_REPORT_INVALID: {
    kind: 'internal',
    message: 'report {file}: field {field} should be {expected}, got {got}',
    description: 'A report parsed but a field it must have is missing or has the wrong type.',
    solution: 'Check the named field in the named file; the report may come from an unsupported tool version.',
  },
  GATES_BASELINE_INVALID: {
    kind: 'internal',
    message: 'baseline {file}: field {field}: {reason}',
    description: 'The ratchet baseline file does not match the baseline format.',
    solution: 'Fix the named field, or delete the file and run `cortex-gates check --update` to write it afresh.',
  },
  GATES_RUBRIC_INVALID: {
    kind: 'internal',
    message: 'rubric {file} is invalid:\n{issues}',
    description: 'The operational-readiness rubric file is missing, not JSON, or does not match the rubric format.',
    solution: 'Fix the named field; every item needs an id, a positive weight and a command to run.',
  },
  GATES_CLI_USAGE: {
    kind: 'invalid-input',
    message: '{problem}\n{usage}',
    description: 'The command line asked for an unknown command or option, or an option lacks its value.',
    solution: 'Run `cortex-gates --help` and follow the usage it prints.',
  },
});

/**
 * A code from {@link gatesErrorCatalogue}.
 * @public
 */
export type GatesErrorCode = keyof typeof gatesErrorCatalogue;
