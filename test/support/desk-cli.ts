/** Run the desk CLI as a user would: a real process, JSON lines on stdout, errors on stderr. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './browser-host-process';

export function runDesk(args: string[], input = '', env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'electron/cli/desk.ts'), ...args], {
    cwd: PROJECT_ROOT,
    input,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = result.stdout.split('\n').filter(Boolean);
  return { code: result.status, stderr: result.stderr, stdout: result.stdout, json: () => lines.map((line) => JSON.parse(line)) };
}
