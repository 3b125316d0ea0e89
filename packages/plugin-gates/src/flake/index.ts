/**
 * The flake reporter as a vitest reporter module: `--reporter=@cortex-os/plugin-gates/flake`
 * (or the path of this file's build) loads the default export.
 *
 * @packageDocumentation
 */
import { FlakeReporter } from './FlakeReporter.js';

export { FlakeReporter, flakeFileEnv, type FlakeReporterOptions, type FlakeReporterTestCase } from './FlakeReporter.js';
// biome-ignore lint/style/noDefaultExport: vitest loads a reporter module's default export
export default FlakeReporter;
