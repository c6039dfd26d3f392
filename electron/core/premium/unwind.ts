/**
 * The cost of unwinding a position through the order book (MODEL.md, "Liquidity / unwind").
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

export function squareRootImpact(law: SquareRootLaw, quantity: number): number {
  return law.Y * law.dailyPriceVol * Math.sqrt(quantity / law.dailyVolume);
}

/**
 * Cost per contract, never negative, of exiting `size` contracts through `levels` (best first),
 * measured from `reference`. `exitBySelling` walks bids (price below reference is cost), else asks.
 */
export function unwindCost(levels: readonly Level[], size: number, reference: number, exitBySelling: boolean, law: SquareRootLaw): number {
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
