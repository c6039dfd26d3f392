/**
 * A backtest in its own thread: the configuration in, progress and the result out (the P&L path
 * as two arrays, so it crosses the thread boundary as plain data). Cancelling terminates the thread.
 */
import { parentPort } from 'node:worker_threads';
import type { BacktestConfig, BacktestSummary } from '../../../shared/contract/backtest';
import { ManualClock } from '../clock';
import type { PremiumParams } from '../premium/params';
import { BACKTEST_START, runSimBacktest, summaryOf, symmetricParams } from './sim-backtest';

export type WorkerRequest = { config: BacktestConfig; params: PremiumParams };
export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'result'; summary: BacktestSummary; t: number[]; pnl: number[] };

/** The run a configuration names, on the parameters in force (shared with the CLI's `backtest --scenario sim`). */
export function runConfigured({ config, params }: WorkerRequest, onProgress?: (done: number) => void) {
  const start = BACKTEST_START;
  const scaled = { ...params, riskAversion: params.riskAversion * config.riskAversionScale };
  const used = config.strategy === 'symmetric' ? symmetricParams(scaled) : scaled;
  return runSimBacktest({ seed: config.seed, start, hours: config.hours, params: used, clock: new ManualClock(start), hedge: config.hedge, onProgress });
}

parentPort?.once('message', (request: WorkerRequest) => {
  const run = runConfigured(request, (done) => parentPort!.postMessage({ type: 'progress', done } satisfies WorkerMessage));
  parentPort!.postMessage({
    type: 'result',
    summary: summaryOf(run),
    t: run.path.map((point) => point.time),
    pnl: run.path.map((point) => point.pnl),
  } satisfies WorkerMessage);
});
