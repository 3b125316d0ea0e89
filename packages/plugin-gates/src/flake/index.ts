/**
 * The flake reporter as a vitest reporter module: `--reporter=@cortex-os/plugin-gates/flake`
 * (or the path of this file's build) loads the default export.
 *
 * @packageDocumentation
 */
import { FlakeReporter } from './FlakeReporter.js';

export { FlakeReporter, flakeFileEnv, type FlakeReporterOptions, type FlakeReporterTestCase } from './FlakeReporter.js';
export default FlakeReporter;
