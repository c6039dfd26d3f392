/** One hedge the desk suggests; the trader decides, executes by hand and records what was done. */
export type HedgeKind = 'delta' | 'cross' | 'vega' | 'gamma';

export interface HedgeSuggestion {
  kind: HedgeKind;
  instrument: string;
  side: 'buy' | 'sell';
  /** Positive, whole venue lots: contracts for options, USD for inverse perpetuals and futures, coins for linear ones. */
  size: number;
  /** The price it is expected near: mark (perpetuals, futures) or theo (options), in the instrument's price currency. */
  price: number;
  /** Expected cost of doing it, USD: spread or book walk from the reference, plus the venue's fees. */
  cost: number;
  /**
   * The risk it addresses before and after (USD, risk/measure.ts): its coin's own exposures for
   * delta, the whole book for cross, the delta-hedged book for vega and gamma.
   */
  riskBefore: number;
  riskAfter: number;
}
