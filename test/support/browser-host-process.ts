/**
 * Start the real browser host as its own process (the CLI's `serve`), as a user would, and read
 * the URL it prints. Used by the Playwright suites; stop() sends SIGTERM like Ctrl-C would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Generous: a loaded 2-core machine compiles the host with tsx before it listens. */
const START_TIMEOUT_MS = 40_000;

export interface HostProcess {
  url: string;
  origin: string;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startHostProcess(dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'electron/cli/desk.ts'), 'serve', '--data-dir', dataDir, '--port', '0', ...extraArgs],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    // A host that did not start in time is stopped, not left running past the test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`browser host did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const check = () => {
      const match = /browser host at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
