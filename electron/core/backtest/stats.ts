/**
 * Comparison figures across a run's paths (issue 9, part 3): mean and standard deviation of the
 * final P&L, Sharpe of the per-interval P&L, drawdowns, inventory variance and the distribution
 * of the terminal inventory.
 */
import type { BacktestStats } from '../../../shared/contract/backtest';
import type { BacktestResult } from './engine-loop';

/** Sharpe's interval: one minute of P&L changes, annualised by sqrt(minutes in 365 days). */
export const SHARPE_INTERVAL_MS = 60_000;
const MS_PER_YEAR = 365 * 86_400_000;

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (n - 1); 0 below two values. */
export function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** Population variance. */
function variance(values: readonly number[]): number {
  const m = mean(values);
  return mean(values.map((v) => (v - m) ** 2));
}

/** The q-quantile by linear interpolation between order statistics (Hyndman and Fan's type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (at - lo) * (sorted[hi]! - sorted[lo]!);
}

function quantiles(values: readonly number[]): BacktestStats['terminalDelta'] {
  return { p5: quantile(values, 0.05), p25: quantile(values, 0.25), p50: quantile(values, 0.5), p75: quantile(values, 0.75), p95: quantile(values, 0.95) };
}

/** A path's P&L changes over each whole interval from its start. */
function intervalChanges(path: BacktestResult['path'], start: number, intervalMs: number): number[] {
  const changes: number[] = [];
  let at = start;
  let last = 0;
  for (const { time, pnl } of path) {
    if (time - at < intervalMs) continue;
    changes.push(pnl - last);
    last = pnl;
    at = time;
  }
  return changes;
}

export function statsOf(runs: readonly BacktestResult[], start: number, intervalMs = SHARPE_INTERVAL_MS): BacktestStats {
  const finals = runs.map((run) => run.attribution.total);
  const changes = runs.flatMap((run) => intervalChanges(run.path, start, intervalMs));
  const sd = std(changes);
  const drawdowns = runs.map((run) => run.maxDrawdown);
  return {
    paths: runs.length,
    pnlMean: mean(finals),
    pnlStd: std(finals),
    sharpe: sd > 0 ? (mean(changes) / sd) * Math.sqrt(MS_PER_YEAR / intervalMs) : 0,
    sharpeIntervalMs: intervalMs,
    maxDrawdownMean: mean(drawdowns),
    maxDrawdownWorst: Math.max(...drawdowns),
    deltaVariance: variance(runs.flatMap((run) => run.inventory.delta)),
    vegaVariance: variance(runs.flatMap((run) => run.inventory.vega)),
    terminalDelta: quantiles(runs.map((run) => run.inventory.delta.at(-1) ?? 0)),
    terminalVega: quantiles(runs.map((run) => run.inventory.vega.at(-1) ?? 0)),
  };
}
