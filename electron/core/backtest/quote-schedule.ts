/**
 * Order latency: the dealer's quotes as computed, each taking effect `latencyMs` after it was
 * computed, so the market meets the quotes in effect at its time, not the engine's latest. A
 * snapshot keeps, per option at its quoted size, the bid, ask, size, theo and every premium term
 * of both sides (what a fill earned, term by term). Snapshots are pooled: copying a few typed
 * arrays a step is all it costs.
 */
import type { DealerQuote } from '../market/sim/dealer-quote';
import { TERMS, type QuoteEngine } from '../premium/quote-engine';

export const NTERMS = TERMS.length;

export class QuoteSnapshot {
  effective = -Infinity;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly theo: Float64Array;
  /** Per option: the bid's terms, then the ask's (QuoteEngine.termsInto). */
  readonly terms: Float64Array;

  constructor(readonly size: number) {
    this.bid = new Float64Array(size);
    this.ask = new Float64Array(size);
    this.theo = new Float64Array(size);
    this.terms = new Float64Array(size * 2 * NTERMS);
  }

  /** A quoted price, or 0 where the side is not quoted (suppressed, halted, not valued). */
  price(i: number, side: 'bid' | 'ask'): number {
    const price = side === 'bid' ? this.bid[i]! : this.ask[i]!;
    return price > 0 ? price : 0;
  }

  /** Sum of the side's terms: theo - bid, or ask - theo. */
  term(i: number, side: 'bid' | 'ask', t: number): number {
    return this.terms[(i * 2 + (side === 'bid' ? 0 : 1)) * NTERMS + t]!;
  }
}

export class QuoteSchedule {
  private readonly pool: QuoteSnapshot[] = [];
  private readonly pending: QuoteSnapshot[] = [];
  private current: QuoteSnapshot | null = null;
  /** Moves whenever the snapshot in effect changes. */
  version = 0;

  constructor(
    private readonly engine: QuoteEngine,
    /** The ladder rung quoted per option. */
    private readonly rung: Int32Array,
    readonly amount: Float64Array,
    private readonly latencyMs: number,
  ) {
    if (!(latencyMs >= 0 && Number.isFinite(latencyMs))) throw new Error(`backtest: latency must be a finite ms >= 0, got ${latencyMs}`);
  }

  /** The engine's quotes now, to take effect at `time + latencyMs`. */
  publish(time: number): void {
    const { engine, rung } = this;
    const n = rung.length;
    const snapshot = this.pool.pop() ?? new QuoteSnapshot(n);
    snapshot.effective = time + this.latencyMs;
    for (let i = 0; i < n; i++) {
      const slot = i * engine.sizes.length + rung[i]!; // the engine's quote arrays: option-major, then size
      snapshot.bid[i] = engine.bid[slot]!;
      snapshot.ask[i] = engine.ask[slot]!;
      snapshot.theo[i] = engine.theoOf(i);
      engine.termsInto(i, rung[i]!, snapshot.terms, i * 2 * NTERMS);
    }
    this.pending.push(snapshot);
  }

  /** The quotes in effect at `time` (times asked must not go back); null before the first takes effect. */
  activeAt(time: number): QuoteSnapshot | null {
    while (this.pending.length > 0 && this.pending[0]!.effective <= time) {
      if (this.current) this.pool.push(this.current);
      this.current = this.pending.shift()!;
      this.version++;
    }
    return this.current;
  }

  /** The snapshot's quotes as the simulator's client flow reads them. */
  dealerQuotes(snapshot: QuoteSnapshot, names: readonly string[]): DealerQuote[] {
    const quotes: DealerQuote[] = [];
    for (let i = 0; i < names.length; i++) {
      const amount = this.amount[i]!;
      const bid = snapshot.price(i, 'bid');
      const ask = snapshot.price(i, 'ask');
      if (!(bid > 0 || ask > 0)) continue;
      // Sides set one by one: spreading conditional objects costs several times as much, per option and step.
      const quote: DealerQuote = { instrument: names[i]! };
      if (bid > 0) quote.bid = { price: bid, amount };
      if (ask > 0) quote.ask = { price: ask, amount };
      quotes.push(quote);
    }
    return quotes;
  }
}
