// Prints a package's error catalogue as the README's Markdown table:
//   node scripts/error-table.mjs packages/kernel/dist/errors/kernelErrorCatalogue.js kernelErrorCatalogue
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [file, exportName] = process.argv.slice(2);
const catalogue = (await import(pathToFileURL(resolve(file)).href))[exportName];
console.log('| Code | Kind | Description | How to solve |\n| --- | --- | --- | --- |');
for (const [code, { kind, description, solution }] of Object.entries(catalogue))
  console.log(`| \`${code}\` | \`${kind}\` | ${description} | ${solution} |`);
