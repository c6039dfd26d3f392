/**
 * QuantLib through Debian's quantlib-python, the independent reference for the pricing core.
 * `.ci/setup` installs it; where no python can import it the tests that need it say so and skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './fixtures';

const CANDIDATES = ['/usr/bin/python3', 'python3'];

/** A python that imports QuantLib, or null. */
export const QUANTLIB_PYTHON: string | null =
  CANDIDATES.find((python) => spawnSync(python, ['-c', 'import QuantLib'], { stdio: 'ignore' }).status === 0) ?? null;

/** Run one of test/quantlib/*.py with JSON in and out. */
export function runQuantLib<T>(script: string, input: unknown): T {
  if (!QUANTLIB_PYTHON) throw new Error('no python with QuantLib (apt-get install quantlib-python)');
  const output = execFileSync(QUANTLIB_PYTHON, [path.join(REPO_ROOT, 'test', 'quantlib', script)], {
    input: JSON.stringify(input),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.toString()) as T;
}
