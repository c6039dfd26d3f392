/**
 * Where a backtest's market comes from: the embedded simulator (sim-source.ts) or a recording
 * replayed (recording-source.ts). The loop (engine-loop.ts) reads only this, so the premium
 * engine, the fill models, the hedge and the P&L are one implementation for both.
 */
import type { OptionInstrument } from '../../../shared/domain/instrument';
import type { TradeEvent } from '../market/events';
import type { MarketState } from '../market/market-state';
import type { ClientOrder } from '../market/sim/flow';
import type { SurfaceLookup } from '../premium/live-quotes';
import type { QuoteSchedule, QuoteSnapshot } from './quote-schedule';

/** An option's mark: price in its price currency (coin for inverse), the forward, IV (fraction) and years to expiry. */
export interface OptionMark {
  price: number;
  forward: number;
  iv: number;
  years: number;
}

export interface BacktestMarket {
  /** Time of the last event applied, ms UTC. */
  readonly time: number;
  /** Where the run ends: the source has nothing beyond it. */
  readonly end: number;
  /** The options quoted: those listed at the start that live through the run (expiries inside it would need settlement, not marks). */
  readonly options: readonly OptionInstrument[];
  readonly coins: readonly string[];
  /** Books, tickers and prints as the live desk keeps them. */
  readonly state: MarketState;
  /** Each chain's surface now (the simulator's own, or the desk's fit of the recorded chain). */
  readonly surfaceOf: SurfaceLookup;
  /** Prints of other participants applied by the last advance, in order. */
  readonly prints: readonly TradeEvent[];
  /** Book, ticker and trade messages applied so far (the unit of `backtest_events_per_s`). */
  readonly events: number;
  /** Apply every event up to `time`. */
  advanceTo(time: number): void;
  /** Option `i`'s mark now (what P&L is marked to); null before the source knows one. */
  mark(i: number): OptionMark | null;
  /** The coin's index price now (the perpetual hedge is marked to it). */
  index(coin: string): number;
  /** Client orders arriving over the last `windowMs` against the dealer's quotes in effect (the intensity fill model). */
  clientOrders(schedule: QuoteSchedule, quotes: QuoteSnapshot, windowMs: number): ClientOrder[];
  close(): void;
}

/** The USD value of one contract at a mark (inverse options' coin price at the forward). */
export function markUsd(option: OptionInstrument, mark: OptionMark): number {
  return option.settlement === 'inverse' ? mark.price * mark.forward : mark.price;
}

/** USD per unit of the option's price currency at a forward. */
export function usdPerPrice(option: OptionInstrument, forward: number): number {
  return option.settlement === 'inverse' ? forward : 1;
}
