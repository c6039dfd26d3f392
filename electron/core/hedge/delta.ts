/**
 * Delta hedges, one underlying at a time, in its cheapest perpetual or future: the Whalley-Wilmott
 * band (band.ts) around the variance-minimising delta, traded back to the band's edge.
 *
 * Delta* is the spot exposure that minimises the book's risk given the coin's own gamma and vega
 * exposures: -Sigma_{s,r} E_r / Sigma_{s,s}. With the desk's spot-vol correlation a long-vega book
 * wants some long delta (Hull and White 2017, "Optimal delta hedging for options", J. Banking &
 * Finance 82: the minimum-variance delta); with zero correlation it is the Black-76 delta-neutral
 * point. Other coins' deltas are left to the cross-asset hedge (cross.ts), so the risk each line
 * reports is its own coin's (RiskMeasure.coinRisk).
 */
import type { RiskMeasure } from '../risk/measure';
import { whalleyWilmottHalfWidth, tradeToBand } from './band';
import { cheapestLinearHedge, linearCostRate, linearOrder } from './costs';
import type { HedgeMarket } from './market';
import type { HedgeSuggestion } from './suggestion';

/** Delta* of coin c in USD of spot exposure. */
export function minimumVarianceDelta(E: ArrayLike<number>, measure: RiskMeasure, c: number): number {
  const { space, sigma } = measure;
  const n = space.size;
  const s = space.spot(c);
  let covariance = sigma[s * n + space.gamma(c)]! * E[space.gamma(c)]!;
  for (let b = 0; b < space.buckets; b++) covariance += sigma[s * n + space.vol(c, b)]! * E[space.vol(c, b)]!;
  return -covariance / sigma[s * n + s]!;
}

/** The band of coin c in USD of spot exposure, the book's gamma read from its gamma exposure (m Gamma F^2 / 2). */
export function deltaBand(E: ArrayLike<number>, measure: RiskMeasure, c: number, price: number, cost: number): { target: number; half: number } {
  const gammaCoins = (2 * E[measure.space.gamma(c)]!) / (price * price);
  return { target: minimumVarianceDelta(E, measure, c), half: whalleyWilmottHalfWidth(cost, gammaCoins, price, measure.riskAversion) * price };
}

export function deltaHedges(E: Float64Array, measure: RiskMeasure, market: HedgeMarket): HedgeSuggestion[] {
  const { space } = measure;
  const suggestions: HedgeSuggestion[] = [];
  space.underlyings.forEach((coin, c) => {
    const hedge = cheapestLinearHedge(market, coin);
    if (!hedge) return;
    const s = space.spot(c);
    const { target, half } = deltaBand(E, measure, c, hedge.mark, linearCostRate(hedge));
    const order = linearOrder(hedge, tradeToBand(E[s]!, target, half));
    if (order.amount === 0) return;
    const after = Float64Array.from(E);
    after[s]! += order.deltaUsd;
    suggestions.push({
      kind: 'delta',
      instrument: hedge.instrument.name,
      side: order.amount > 0 ? 'buy' : 'sell',
      size: Math.abs(order.amount),
      price: hedge.mark,
      cost: order.cost,
      riskBefore: measure.coinRisk(E, c),
      riskAfter: measure.coinRisk(after, c),
    });
  });
  return suggestions;
}
