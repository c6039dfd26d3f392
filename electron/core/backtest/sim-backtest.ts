/**
 * The engine in the loop on the embedded simulator (issue 9): the simulator's market through
 * the one backtest loop (engine-loop.ts), its client flow the intensity fill model by default.
 * All in USD (inverse options' coin amounts at the expiry's forward). Deterministic for a seed.
 */
import type { FillModel } from '../../../shared/contract/backtest';
import type { ManualClock } from '../clock';
import type { ListingParams } from '../market/sim/listing';
import type { PremiumParams } from '../premium/params';
import { runBacktest, type BacktestResult } from './engine-loop';
import type { HedgePolicy } from './hedge-policy';
import { SimSource } from './sim-source';

export interface SimBacktestConfig {
  seed: number;
  start: number;
  /** Simulated duration. */
  hours: number;
  params: PremiumParams;
  clock: ManualClock;
  listing?: ListingParams;
  stepMs?: number;
  /** How often the surfaces (and so every option's theo) are refreshed (default 10 s). */
  revalueMs?: number;
  /** The perpetual delta hedge (default: to the target every step at the parameters' hedge cost); false leaves the delta open. */
  hedge?: boolean | HedgePolicy;
  fillModel?: FillModel;
  latencyMs?: number;
  onProgress?: (done: number) => void;
}

/** Where a configured run's simulated time starts: one date, so runs of one seed see the same market. */
export const BACKTEST_START = Date.UTC(2026, 0, 14, 12);

/**
 * The comparison strategy: the same engine quoting theo +/- GLFT's base half-spread, fee and ticks
 * only (risk aversion to nothing, no adverse, liquidity, holding or tail premium): what a desk
 * without the inventory premium would quote.
 */
export function symmetricParams(params: PremiumParams): PremiumParams {
  const zero = Object.fromEntries(params.underlyings.map((coin) => [coin, 0]));
  return { ...params, riskAversion: 1e-12, adversePriorVolPts: 0, markouts: {}, impactY: 1e-12, hedgeCost: params.hedgeCost, funding: zero, capitalRate: 0, tailPrice: 0 };
}

/** A hedge policy as configured: true hedges to the target every step at the parameters' cost. */
export function hedgePolicyOf(hedge: boolean | HedgePolicy | undefined, params: PremiumParams): HedgePolicy | null {
  if (hedge === false) return null;
  return hedge === true || hedge === undefined ? { bandUsd: 0, delayMs: 0, cost: params.hedgeCost } : hedge;
}

export function runSimBacktest(config: SimBacktestConfig): BacktestResult {
  const stepMs = config.stepMs ?? 1_000;
  const revalueMs = config.revalueMs ?? 10_000;
  const source = new SimSource({ seed: config.seed, start: config.start, hours: config.hours, stepMs, revalueMs, ...(config.listing ? { listing: config.listing } : {}) });
  try {
    return runBacktest(source, {
      params: config.params,
      clock: config.clock,
      stepMs,
      revalueMs,
      fillModel: config.fillModel ?? 'intensity',
      latencyMs: config.latencyMs ?? 0,
      hedge: hedgePolicyOf(config.hedge, config.params),
      ...(config.onProgress ? { onProgress: config.onProgress } : {}),
    });
  } finally {
    source.close();
  }
}
