import type { BacktestRun } from '../contract/backtest';

/** A backtest run in the desk's words, the same on the Backtests screen and in its reports: '#3 premium · seed 7 · 4 paths · band 50,000'. */
export function runLabel(run: Pick<BacktestRun, 'id' | 'config'>): string {
  const c = run.config;
  const parts = [`#${run.id} ${c.strategy}`, c.recording ? `recording ${c.recording}` : `seed ${c.seed}`];
  if (c.paths > 1) parts.push(`${c.paths} paths`);
  if (c.riskAversionScale !== 1) parts.push(`γ×${c.riskAversionScale}`);
  if (!c.hedge) parts.push('unhedged');
  else if (c.hedgeBandUsd > 0) parts.push(`band ${Math.round(c.hedgeBandUsd).toLocaleString('en-US')}`);
  if (c.fillModel !== 'intensity') parts.push(c.fillModel);
  if (c.latencyMs > 0) parts.push(`${c.latencyMs} ms latency`);
  return parts.join(' · ');
}
