/**
 * `npm run -s bench -- [--json] [--only SUITE]`: every benchmark suite, medians of several runs.
 * With --json, one JSON object of all figures on stdout (progress goes to stderr).
 */
import { parseArgs } from 'node:util';
import { SUITES } from './suites/index';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' } } });
const figures: Record<string, number> = {};
for (const suite of SUITES) {
  if (values.only && suite.name !== values.only) continue;
  process.stderr.write(`bench: ${suite.name}...\n`);
  const results = await suite.run();
  Object.assign(figures, results);
  if (!values.json) for (const [key, value] of Object.entries(results)) console.log(`${key.padEnd(32)} ${value}`);
}
if (values.json) console.log(JSON.stringify(figures));
