/**
 * The hedge policy of a backtest: the book's delta per coin hedged in the perpetual, marked to
 * the index. A hedge is decided each step when the hedge is outside a band around its target
 * (the book's option delta, negated), traded to the band's edge (band.ts's rule, the band a fixed
 * USD half-width here), and executed `delayMs` later at that time's index, paying `cost` of its
 * notional (fee, half spread and impact). A band of 0 and no delay hedge to the target each step.
 */
import { tradeToBand } from '../hedge/band';

export interface HedgePolicy {
  /** Half-width of the no-trade band, USD of delta per coin. */
  bandUsd: number;
  delayMs: number;
  /** Fraction of the notional traded. */
  cost: number;
}

export class PerpetualHedge {
  /** Perpetual hedge per coin, USD notional (+ long). */
  readonly held = new Map<string, number>();
  private readonly lastIndex = new Map<string, number>();
  private readonly pending: { coin: string; due: number; usd: number }[] = [];
  pnl = 0;
  cost = 0;

  constructor(
    private readonly policy: HedgePolicy,
    private readonly index: (coin: string) => number,
  ) {
    if (!(policy.bandUsd >= 0 && policy.delayMs >= 0 && policy.cost >= 0)) throw new Error(`backtest: hedge band, delay and cost must be >= 0 (got ${policy.bandUsd}, ${policy.delayMs}, ${policy.cost})`);
  }

  /** The hedge's P&L over the last step (before anything traded now joins it). */
  mark(coins: readonly string[]): void {
    for (const coin of coins) {
      const index = this.index(coin);
      const last = this.lastIndex.get(coin);
      if (last !== undefined) this.pnl += (this.held.get(coin) ?? 0) * (index / last - 1);
      this.lastIndex.set(coin, index);
    }
  }

  /** Decide a coin's hedge against its target (USD notional), and execute what is due by `now`. */
  rebalance(now: number, coin: string, target: number): void {
    const inFlight = this.pending.reduce((sum, order) => sum + (order.coin === coin ? order.usd : 0), 0);
    const trade = tradeToBand((this.held.get(coin) ?? 0) + inFlight, target, this.policy.bandUsd);
    if (trade !== 0) this.pending.push({ coin, due: now + this.policy.delayMs, usd: trade });
    for (let k = 0; k < this.pending.length; ) {
      const order = this.pending[k]!;
      if (order.coin !== coin || order.due > now) {
        k++;
        continue;
      }
      this.held.set(coin, (this.held.get(coin) ?? 0) + order.usd);
      this.cost -= Math.abs(order.usd) * this.policy.cost;
      this.pending.splice(k, 1);
    }
  }
}
