/**
 * The cost of unwinding a position (MODEL.md, "Liquidity / unwind").
 * A long of n contracts is exited by selling into the bids, a short by buying from the asks;
 * the cost per contract is the distance of the volume-weighted exit price from the reference
 * (theo), which grows with n as the walk reaches worse levels: execution cost is non-linear.
 * What the book cannot absorb pays the square-root law beyond its last level,
 * Y sigma sqrt(Q / V) (Almgren et al. 2005; Toth et al. 2011), sigma the daily price volatility
 * and V the daily volume in contracts.
 */
import type { Level } from '../market/events';

export interface SquareRootLaw {
  /** Y, of order one. */
  Y: number;
  /** Daily volatility of the option's price, in its price currency. */
  dailyPriceVol: number;
  /** Contracts traded per day. */
  dailyVolume: number;
}

/** Daily volatility (USD) of a position's value from its spot exposure (USD per log-return) and vega (USD per vol point). */
export function dailyPriceVolUsd(spotExposureUsd: number, spotVol: number, vegaUsd: number, volOfVolPts: number): number {
  // Not Math.hypot: V8 allocates its arguments, and a USD exposure is nowhere near overflowing a square.
  const spot = spotExposureUsd * spotVol;
  const vol = vegaUsd * volOfVolPts;
  return Math.sqrt(spot * spot + vol * vol) / Math.sqrt(365);
}

export function squareRootImpact(law: SquareRootLaw, quantity: number): number {
  return law.Y * law.dailyPriceVol * Math.sqrt(quantity / law.dailyVolume);
}

/**
 * Cost per contract, never negative, of exiting `size` contracts, measured from `reference`: the
 * cheaper of exiting at once through `levels` (best first; `exitBySelling` walks bids, else asks)
 * and working the order over the day at the best level plus the square-root law's impact. A thin
 * book with a stray far level then costs what patience costs, not what the stray level says.
 */
export function unwindCost(levels: readonly Level[], size: number, reference: number, exitBySelling: boolean, law: SquareRootLaw): number {
  const best = levels[0];
  const touch = best ? Math.max(exitBySelling ? reference - best[0] : best[0] - reference, 0) : 0;
  return Math.min(walkCost(levels, size, reference, exitBySelling, law), touch + squareRootImpact(law, size));
}

/**
 * unwindCost for each of `sizes`, written to out[at + z]: the engine's walk of a book for its whole
 * ladder in one call (a double returned from a call V8 does not inline is a heap allocation; the
 * engine walks a book on each of its updates).
 */
export function unwindCostsInto(out: Float64Array, at: number, levels: readonly Level[], sizes: Float64Array, reference: number, exitBySelling: boolean, law: SquareRootLaw): void {
  for (let z = 0; z < sizes.length; z++) out[at + z] = unwindCost(levels, sizes[z]!, reference, exitBySelling, law);
}

function walkCost(levels: readonly Level[], size: number, reference: number, exitBySelling: boolean, law: SquareRootLaw): number {
  let remaining = size;
  let cost = 0;
  let last = reference;
  for (let l = 0; l < levels.length && remaining > 0; l++) {
    const [price, amount] = levels[l]!;
    const take = Math.min(remaining, amount);
    cost += take * (exitBySelling ? reference - price : price - reference);
    remaining -= take;
    last = price;
  }
  if (remaining > 0) {
    const beyond = (exitBySelling ? reference - last : last - reference) + squareRootImpact(law, remaining);
    cost += remaining * beyond;
  }
  return Math.max(cost / size, 0);
}
