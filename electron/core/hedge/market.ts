/**
 * What the hedge advisor may trade, as the market shows it now: the perpetuals and dated futures
 * of each underlying (delta), and the listed options with a two-sided book (vega, gamma).
 */
import type { FutureInstrument, OptionInstrument, PerpetualInstrument } from '../../../shared/domain/instrument';
import type { FutureTerms } from '../../../shared/domain/venue-rules';
import type { Level } from '../market/events';

export interface LinearHedge {
  instrument: PerpetualInstrument | FutureInstrument;
  /** Mark price, USD (USDC) per coin. */
  mark: number;
  /** Half the bid-ask spread as a fraction of the mark: a hand-hedger crosses it. */
  halfSpread: number;
  terms: FutureTerms;
}

export interface OptionHedge {
  instrument: OptionInstrument;
  forward: number;
  /** Years to expiry. */
  T: number;
  /** Surface vol (fraction). */
  vol: number;
  /** Theo per contract in the option's price currency. */
  theo: number;
  /** The live book, prices in the price currency, best first. */
  bids: readonly Level[];
  asks: readonly Level[];
}

export interface HedgeMarket {
  linear: readonly LinearHedge[];
  options: readonly OptionHedge[];
}
