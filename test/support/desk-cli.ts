/** Run the desk CLI as a user would: a real process, JSON lines on stdout, errors on stderr. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './browser-host-process';

const DESK_ARGS = ['--import', 'tsx', path.join(PROJECT_ROOT, 'electron/cli/desk.ts')];

/** Each line parsed (typed as JSON.parse types it: tests assert on the shape). */
function jsonLines(stdout: string) {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

export function runDesk(args: string[], input = '') {
  const result = spawnSync(process.execPath, [...DESK_ARGS, ...args], {
    cwd: PROJECT_ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout, json: () => jsonLines(result.stdout) };
}

export interface DeskProcess {
  child: ChildProcess;
  /** Settles when the process ends, with its exit code (null when killed by a signal) and output. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; json: () => ReturnType<typeof jsonLines> }>;
}

/** The CLI as a running process, for tests that act while it runs (a server it talks to lives in the test). */
export function startDesk(args: string[]): DeskProcess {
  const child = spawn(process.execPath, [...DESK_ARGS, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Awaited<DeskProcess['exited']>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, json: () => jsonLines(stdout) }));
  });
  return { child, exited };
}
