/** A dealer's two-sided quote on one instrument, as the simulated client flow sees it. */
export interface QuoteLevel {
  /** In the instrument's price currency (coin for inverse options). */
  price: number;
  /** Contracts. */
  amount: number;
}

export interface DealerQuote {
  instrument: string;
  bid?: QuoteLevel;
  ask?: QuoteLevel;
}

/** Throws saying what is wrong with a quote: a non-positive or non-finite price or amount, or a crossed quote. */
export function checkDealerQuote(quote: DealerQuote): void {
  for (const [side, level] of [['bid', quote.bid] as const, ['ask', quote.ask] as const]) {
    if (!level) continue;
    if (!(Number.isFinite(level.price) && level.price > 0)) throw new Error(`dealer quote ${quote.instrument}: ${side} price ${level.price} must be a positive number`);
    if (!(Number.isFinite(level.amount) && level.amount > 0)) throw new Error(`dealer quote ${quote.instrument}: ${side} amount ${level.amount} must be a positive number`);
  }
  if (quote.bid && quote.ask && quote.bid.price >= quote.ask.price) {
    throw new Error(`dealer quote ${quote.instrument}: bid ${quote.bid.price} is not below ask ${quote.ask.price}`);
  }
}
