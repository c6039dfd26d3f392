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
import { cheapestLinearHedge, linearCostRate, linearOrder, type LinearOrder } from './costs';
import type { HedgeMarket, LinearHedge } from './market';
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

/** A coin's delta against its band, USD of spot exposure, with the perpetual or future it would be hedged in. */
export interface DeltaBand {
  underlying: string;
  /** The coin's factor index in the measure's space. */
  coin: number;
  hedge: LinearHedge;
  deltaUsd: number;
  targetUsd: number;
  halfWidthUsd: number;
  /** The trade back to the band's nearer edge in whole lots: none inside the band, or less than a lot outside it. */
  order: LinearOrder;
}

export function deltaBandOf(underlying: string, coin: number, hedge: LinearHedge, deltaUsd: number, targetUsd: number, halfWidthUsd: number): DeltaBand {
  return { underlying, coin, hedge, deltaUsd, targetUsd, halfWidthUsd, order: linearOrder(hedge, tradeToBand(deltaUsd, targetUsd, halfWidthUsd)) };
}

/** The band of every coin the book holds risk in and has a linear instrument to hedge in. */
export function deltaBands(E: ArrayLike<number>, measure: RiskMeasure, market: HedgeMarket): DeltaBand[] {
  const { space } = measure;
  return space.underlyings.flatMap((underlying, c) => {
    const hedge = cheapestLinearHedge(market, underlying);
    if (!hedge) return [];
    const { target, half } = deltaBand(E, measure, c, hedge.mark, linearCostRate(hedge));
    const delta = E[space.spot(c)]!;
    return delta === 0 && target === 0 && half === 0 ? [] : [deltaBandOf(underlying, c, hedge, delta, target, half)];
  });
}

export function deltaHedges(E: Float64Array, measure: RiskMeasure, market: HedgeMarket): HedgeSuggestion[] {
  const suggestions: HedgeSuggestion[] = [];
  for (const { coin, hedge, order } of deltaBands(E, measure, market)) {
    if (order.amount === 0) continue;
    const after = Float64Array.from(E);
    after[measure.space.spot(coin)]! += order.deltaUsd;
    suggestions.push({
      kind: 'delta',
      instrument: hedge.instrument.name,
      side: order.amount > 0 ? 'buy' : 'sell',
      size: Math.abs(order.amount),
      price: hedge.mark,
      cost: order.cost,
      riskBefore: measure.coinRisk(E, coin),
      riskAfter: measure.coinRisk(after, coin),
    });
  }
  return suggestions;
}
