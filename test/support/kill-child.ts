/**
 * Crash tests' child processes: run a test/support script under tsx, SIGKILL it `delayMs` after its
 * first line of output, and answer every whole line it wrote before it died (its acknowledgements).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './browser-host-process';

export function runThenKill(script: string, args: readonly string[], delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/support', script), ...args], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    // 'close' waits for the pipes to drain: every line the child wrote before dying is read.
    child.once('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`${script} stopped by itself (${signal}):\n${stderr}`));
      resolve(stdout.slice(0, stdout.lastIndexOf('\n') + 1).split('\n').filter(Boolean));
    });
  });
}
