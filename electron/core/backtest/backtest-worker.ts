/**
 * A backtest in its own thread: the configuration in, progress and the stored result out (plain
 * data, so it crosses the thread boundary). Cancelling terminates the thread.
 */
import { parentPort } from 'node:worker_threads';
import type { StoredResult } from '../store/backtest-store';
import { runConfigured, type RunRequest } from './configured-run';

export type WorkerRequest = RunRequest;
/** With the result, the run's own wall and CPU time in the thread (its start and module loading left out): what the bench reads. */
export type WorkerMessage = { type: 'progress'; done: number } | { type: 'result'; result: StoredResult; wallMs: number; cpuMs: number };

parentPort?.once('message', (request: WorkerRequest) => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = runConfigured(request, (done) => parentPort!.postMessage({ type: 'progress', done } satisfies WorkerMessage));
  const used = process.cpuUsage(cpu);
  parentPort!.postMessage({ type: 'result', result, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 } satisfies WorkerMessage);
});
