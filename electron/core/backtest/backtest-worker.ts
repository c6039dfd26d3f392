/**
 * A backtest in its own thread: the configuration in, progress and the stored result out (plain
 * data, so it crosses the thread boundary). Cancelling terminates the thread.
 */
import { parentPort } from 'node:worker_threads';
import type { StoredResult } from '../store/backtest-store';
import { runConfigured, type RunRequest } from './configured-run';

export type WorkerRequest = RunRequest;
export type WorkerMessage = { type: 'progress'; done: number } | { type: 'result'; result: StoredResult };

parentPort?.once('message', (request: WorkerRequest) => {
  const result = runConfigured(request, (done) => parentPort!.postMessage({ type: 'progress', done } satisfies WorkerMessage));
  parentPort!.postMessage({ type: 'result', result } satisfies WorkerMessage);
});
