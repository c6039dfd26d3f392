/**
 * Client order flow against the dealer's quotes: what a dealer on the simulated venue would be
 * hit with. It only returns orders to the caller; it sends nothing anywhere.
 *
 * Arrivals on each side of each quoted option are Poisson with the intensity of Avellaneda and
 * Stoikov (2008) and Gueant, Lehalle and Fernandez-Tapia (2013),
 *
 *   lambda(delta) = A w exp(-k delta),
 *
 * delta the dealer's distance from the simulator's fair value in vol points: (ask - fair) / vega
 * for the ask and (fair - bid) / vega for the bid, vega per vol point (MODEL.md's IV-equivalent
 * of a price distance). A is the coin's rate on an at-the-money short-dated option; w an
 * option's share of interest, exp(-z^2/2) / (1 + 4 T) with z = ln(K/F) / sqrt(ATM total
 * variance) (near the money and short expiries trade most). Quotes better than fair count at
 * most `maxImprovement` vol points, so a crossed quote cannot draw unbounded flow.
 *
 * A share of arrivals is informed: they see the fair value `informedHorizonMs` ahead (the
 * simulator's own future path) and trade only when it beats the dealer's price, buying at the
 * ask below it or selling at the bid above it. Their fills lose the dealer money on average, so
 * adverse selection shows in markouts as it does on a venue.
 */
import { checkDealerQuote, type DealerQuote } from './dealer-quote';
import type { Rng } from './random';

export interface FlowParams {
  /** A: arrivals per hour per side on an ATM short-dated option quoted at fair, per coin. */
  intensity: Readonly<Record<string, number>>;
  /** k, per vol point. */
  decay: number;
  /** Share of arrivals that are informed. */
  informedShare: number;
  informedHorizonMs: number;
  /** Median client order per coin (contracts); sizes are log-normal with this sd of their log. */
  medianSize: Readonly<Record<string, number>>;
  sizeDispersion: number;
  /** Vol points inside fair beyond which a better quote draws no more flow. */
  maxImprovement: number;
}

/**
 * Defaults: 6, 4 and 2 arrivals an hour per side on an ATM BTC, ETH and SOL option quoted at fair
 * (a dealer 1 vol point wide each side sees about a third of that), k = 1 per vol point (GLFT's
 * optimal half-spread 1/k is then about a vol point, as on Deribit), 20% informed seeing 5
 * minutes ahead (MODEL.md's longest markout horizon), median orders of 2 BTC, 20 ETH, 100 SOL.
 */
export const DEFAULT_FLOW: FlowParams = {
  intensity: { BTC: 6, ETH: 4, SOL: 2 },
  decay: 1,
  informedShare: 0.2,
  informedHorizonMs: 300_000,
  medianSize: { BTC: 2, ETH: 20, SOL: 100 },
  sizeDispersion: 0.8,
  maxImprovement: 3,
};

export interface ClientOrder {
  time: number;
  instrument: string;
  /** The client's side: 'buy' lifts the dealer's ask, 'sell' hits the dealer's bid. */
  side: 'buy' | 'sell';
  /** The dealer's quoted price (the fill price), in the instrument's price currency. */
  price: number;
  amount: number;
  /** The simulator's own label, for markout analysis; a venue never says. */
  informed: boolean;
}

/** What the flow reads about one listed option, from the market. */
export interface FlowView {
  /** Fair value and vega per vol point in price currency; z, years and coin as above. */
  fair: number;
  vega: number;
  z: number;
  years: number;
  coin: number;
  minAmount: number;
  /** The fair value informedHorizonMs ahead (computed on demand: it costs a look-ahead). */
  futureFair(): number;
}

export function liquidityWeight(z: number, years: number): number {
  return Math.exp(-0.5 * z * z) / (1 + 4 * years);
}

export class ClientFlow {
  private readonly intensity: Float64Array;
  private readonly medianSize: Float64Array;

  constructor(
    readonly params: FlowParams,
    bases: readonly string[],
    private readonly rng: Rng,
  ) {
    const per = (table: Readonly<Record<string, number>>, name: string) =>
      Float64Array.from(bases, (base) => {
        const value = table[base];
        if (!(value !== undefined && value >= 0)) throw new Error(`sim flow: ${name} for ${base} must be a number >= 0, got ${value}`);
        return value;
      });
    this.intensity = per(params.intensity, 'intensity');
    this.medianSize = per(params.medianSize, 'medianSize');
    if (!(params.decay >= 0)) throw new Error(`sim flow: decay must be >= 0, got ${params.decay}`);
    if (!(params.informedShare >= 0 && params.informedShare <= 1)) throw new Error(`sim flow: informedShare must be in [0, 1], got ${params.informedShare}`);
    if (!(params.informedHorizonMs > 0)) throw new Error(`sim flow: informedHorizonMs must be > 0, got ${params.informedHorizonMs}`);
    if (!(params.sizeDispersion >= 0) || !(params.maxImprovement >= 0)) throw new Error('sim flow: sizeDispersion and maxImprovement must be >= 0');
  }

  /** Arrivals per hour on one side at distance delta (vol points), before the scenario multiplier. */
  rate(view: Pick<FlowView, 'z' | 'years' | 'coin'>, delta: number): number {
    return this.intensity[view.coin]! * liquidityWeight(view.z, view.years) * Math.exp(-this.params.decay * Math.max(delta, -this.params.maxImprovement));
  }

  /**
   * Client orders arriving over `windowMs` against `quotes`. `view(name)` describes a listed
   * option (throws for anything else); `flowMultiplier` is the coin's scenario multiplier.
   */
  orders(quotes: readonly DealerQuote[], windowMs: number, now: number, view: (instrument: string) => FlowView, flowMultiplier: Float64Array): ClientOrder[] {
    if (!(windowMs > 0)) throw new Error(`sim flow: window must be > 0 ms, got ${windowMs}`);
    const hours = windowMs / 3_600_000;
    const orders: ClientOrder[] = [];
    for (const quote of quotes) {
      checkDealerQuote(quote);
      const option = view(quote.instrument);
      if (!(option.vega > 0)) continue;
      const scale = flowMultiplier[option.coin]! * hours;
      for (const side of ['buy', 'sell'] as const) {
        const level = side === 'buy' ? quote.ask : quote.bid;
        if (!level) continue;
        const delta = (side === 'buy' ? level.price - option.fair : option.fair - level.price) / option.vega;
        for (let n = this.rng.poisson(this.rate(option, delta) * scale); n > 0; n--) {
          const informed = this.rng.uniform() < this.params.informedShare;
          const size = this.size(option);
          if (informed) {
            const future = option.futureFair();
            if (side === 'buy' ? future <= level.price : future >= level.price) continue;
          }
          orders.push({ time: now, instrument: quote.instrument, side, price: level.price, amount: Math.min(size, level.amount), informed });
        }
      }
    }
    return orders;
  }

  private size(option: FlowView): number {
    const raw = this.medianSize[option.coin]! * Math.exp(this.params.sizeDispersion * this.rng.normal());
    return Math.max(option.minAmount, Math.round(raw / option.minAmount) * option.minAmount);
  }
}
