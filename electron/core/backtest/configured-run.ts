/**
 * A run as configured from the desk or the CLI (shared/contract/backtest.ts): the simulator or a
 * recording, the strategy, fill model, latency and hedge policy, over one or several paths
 * (seeds), summarised and stored as one clean JSON (StoredResult).
 */
import type { BacktestConfig, BacktestSummary } from '../../../shared/contract/backtest';
import { ManualClock } from '../clock';
import type { PremiumParams } from '../premium/params';
import type { StoredResult } from '../store/backtest-store';
import { runBacktest, type BacktestResult } from './engine-loop';
import { RecordingSource } from './recording-source';
import { BACKTEST_START, runSimBacktest, symmetricParams } from './sim-backtest';
import { mean, statsOf } from './stats';

export type RunRequest = {
  config: BacktestConfig;
  params: PremiumParams;
};

const STEP_MS = 1_000;
/** How often theos are revalued as time passes, and a recorded chain's surface refitted. */
const REVALUE_MS = 10_000;

/** One path of a configured run. */
export function runPath({ config, params }: RunRequest, seed: number, onProgress?: (done: number) => void): BacktestResult {
  const scaled = { ...params, riskAversion: params.riskAversion * config.riskAversionScale };
  const used = config.strategy === 'symmetric' ? symmetricParams(scaled) : scaled;
  const hedge = config.hedge ? { bandUsd: config.hedgeBandUsd, delayMs: config.hedgeDelayMs, cost: config.hedgeCost ?? used.hedgeCost } : false;
  const progress = onProgress ? { onProgress } : {};
  if (!config.recording) {
    const start = BACKTEST_START;
    return runSimBacktest({ seed, start, hours: config.hours, params: used, clock: new ManualClock(start), hedge, fillModel: config.fillModel, latencyMs: config.latencyMs, ...progress });
  }
  const clock = new ManualClock(0);
  const source = new RecordingSource({ file: config.recording, hours: config.hours, revalueMs: REVALUE_MS, clock, params: used, seed });
  try {
    return runBacktest(source, { params: used, clock, stepMs: STEP_MS, revalueMs: REVALUE_MS, fillModel: config.fillModel, latencyMs: config.latencyMs, hedge: hedge || null, ...progress });
  } finally {
    source.close();
  }
}

/** What one path earned and how. */
export function summaryOf(run: BacktestResult): BacktestSummary {
  const { attribution: a } = run;
  return {
    pnl: a.total,
    spread: a.spread,
    inventory: a.inventory,
    hedge: a.hedge,
    hedgeCost: a.hedgeCost,
    fees: a.fees,
    fills: run.fills,
    informedFills: run.informedFills,
    contracts: run.contracts,
    maxDrawdown: run.maxDrawdown,
    greeks: run.greeks,
    terms: run.terms,
    markouts: run.markouts,
  };
}

/** Every numeric field averaged across paths (nested objects and the markout rows too). */
function meanOf<T>(values: readonly T[]): T {
  const first = values[0]!;
  if (typeof first === 'number') return mean(values as readonly number[]) as T;
  if (Array.isArray(first)) return first.map((_, k) => meanOf(values.map((v) => (v as unknown[])[k]))) as T;
  return Object.fromEntries(Object.keys(first as object).map((key) => [key, meanOf(values.map((v) => (v as Record<string, unknown>)[key]))])) as T;
}

/** Every path of a configured run: the summary (means, and the comparison stats), the first path's P&L and inventory, each path's summary. */
export function runConfigured(request: RunRequest, onProgress?: (done: number) => void): StoredResult {
  const { seed, paths } = request.config;
  const runs: BacktestResult[] = [];
  for (let p = 0; p < paths; p++) runs.push(runPath(request, seed + p, onProgress && ((done) => onProgress((p + done) / paths))));
  const summaries = runs.map(summaryOf);
  const first = runs[0]!;
  return {
    summary: { ...meanOf(summaries), stats: statsOf(runs, first.path[0]!.time - STEP_MS) },
    t: first.path.map((point) => point.time),
    pnl: first.path.map((point) => point.pnl),
    inventory: first.inventory,
    paths: summaries,
  };
}
