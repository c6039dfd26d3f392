/**
 * The cross-asset delta hedge (MODEL.md, "Hedging"): minimise
 *   (gamma/2) (E + H h)' Sigma (E + H h) + sum_u c_u |h_u|
 * over h, USD of delta in each underlying's cheapest perpetual or future (H puts a unit on its
 * spot factor), Sigma the engine's horizon covariance. With correlated coins some ETH risk is
 * cheaper to carry in BTC when BTC's perpetual costs less to trade. Solved by coordinate descent
 * with soft thresholding (solver.ts), then rounded to whole lots.
 */
import type { RiskMeasure } from '../risk/measure';
import { cheapestLinearHedge, linearCostRate, linearOrder } from './costs';
import type { HedgeMarket, LinearHedge } from './market';
import { minimiseQuadraticL1, type QuadraticL1 } from './solver';
import type { HedgeSuggestion } from './suggestion';

/**
 * The problem over the given hedges (one per coin at most). `correlated: false` is what hedging
 * each coin on its own amounts to: every cross-coin covariance dropped from the objective.
 */
export function crossProblem(E: ArrayLike<number>, measure: RiskMeasure, hedges: readonly LinearHedge[], correlated = true): QuadraticL1 {
  const { space, sigma, riskAversion: gamma } = measure;
  const n = space.size;
  const k = hedges.length;
  const coins = hedges.map((hedge) => space.coinIndex(hedge.instrument.base));
  const spots = coins.map((c) => space.spot(c));
  const Q = new Float64Array(k * k);
  const g = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) if (correlated || a === b) Q[a * k + b] = gamma * sigma[spots[a]! * n + spots[b]!]!;
    let row = 0;
    for (let f = 0; f < n; f++) if (correlated || space.coinOf(f) === coins[a]) row += sigma[spots[a]! * n + f]! * E[f]!;
    g[a] = gamma * row;
  }
  const rates = Float64Array.from(hedges, linearCostRate);
  return { Q, g, up: rates, down: Float64Array.from(rates) };
}

export function crossHedges(E: Float64Array, measure: RiskMeasure, market: HedgeMarket): HedgeSuggestion[] {
  const hedges = measure.space.underlyings.map((coin) => cheapestLinearHedge(market, coin)).filter((hedge) => hedge !== null);
  const h = minimiseQuadraticL1(crossProblem(E, measure, hedges));
  const suggestions: HedgeSuggestion[] = [];
  const book = Float64Array.from(E);
  hedges.forEach((hedge, a) => {
    const order = linearOrder(hedge, h[a]!);
    if (order.amount === 0) return;
    const riskBefore = measure.risk(book);
    book[measure.space.spot(measure.space.coinIndex(hedge.instrument.base))]! += order.deltaUsd;
    suggestions.push({
      kind: 'cross',
      instrument: hedge.instrument.name,
      side: order.amount > 0 ? 'buy' : 'sell',
      size: Math.abs(order.amount),
      price: hedge.mark,
      cost: order.cost,
      riskBefore,
      riskAfter: measure.risk(book),
    });
  });
  return suggestions;
}
