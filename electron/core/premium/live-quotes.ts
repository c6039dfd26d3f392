/**
 * The premium engine on the live market: each option's forward and vol from its chain's latest
 * surface, its book from the market state, its stale feed halting it with the reason, fills moving
 * the book; after each refresh the quotes that changed are published to the journal with the
 * parameter set's id. Only what moved is recomputed: an option is revalued when its chain's
 * surface was recalibrated (or time moved it by more than `retimeMs`), its book walked again
 * when the venue sent a new book; a fill requotes everything (the book's risk changed).
 */
import type { OptionInstrument, Settlement } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import type { Clock } from '../clock';
import type { Level } from '../market/events';
import type { InstrumentHealth } from '../market/feed-health';
import type { MarketState } from '../market/market-state';
import type { StoredParams } from '../store/premium-params-store';
import type { JournalQuote, QuoteJournal } from '../store/quote-journal';
import type { VolSurface } from '../surface/vol-surface';
import { QuoteEngine, type OptionMarket, type QuoteView } from './quote-engine';
import { QuotePublisher } from './quote-publisher';

export type SurfaceLookup = (underlying: string, settlement: Settlement) => VolSurface | null;

export interface LiveQuotesOptions {
  clock: Clock;
  params: StoredParams;
  journal: QuoteJournal | null;
  /** Book levels per side the unwind walk reads (default 10). */
  depth?: number;
  /** Revalue an option at least this often as its time to expiry shrinks (default 60 s). */
  retimeMs?: number;
  /** Journal a quote whose price moved at most this often (default 0: every move; see QuotePublisher). */
  journalEveryMs?: number;
}

export class LiveQuotes {
  readonly engine: QuoteEngine;
  private readonly publisher: QuotePublisher | null;
  private readonly surfaceSeen: (VolSurface | null)[];
  private readonly valuedAt: Float64Array;
  private readonly bookSeen: Float64Array;
  /** Each option's book levels as last given to the engine, rewritten in place when its book moves (a fresh copy per option and step was most of a backtest's garbage). */
  private readonly bookLevels: { bids: Level[]; asks: Level[] }[];
  private readonly depth: number;
  private readonly retimeMs: number;
  /** Scratch for an option's new market (the engine reads it and keeps nothing of it); NaN-initialised as QuoteEngine's law. */
  private readonly market: OptionMarket = { forward: NaN, T: NaN, vol: NaN };
  /** Options requoted by the last refresh (what a screen needs to fetch again, journaled or not). */
  requoted = 0;

  constructor(
    private readonly options: LiveQuotesOptions,
    readonly instruments: readonly OptionInstrument[],
    positions: ReadonlyMap<string, number>,
  ) {
    this.engine = new QuoteEngine(options.params.params, instruments);
    this.publisher = options.journal ? new QuotePublisher(this.engine, options.journal, options.journalEveryMs) : null;
    this.surfaceSeen = new Array<VolSurface | null>(instruments.length).fill(null);
    this.valuedAt = new Float64Array(instruments.length).fill(-Infinity);
    this.bookSeen = new Float64Array(instruments.length).fill(Number.NaN);
    this.bookLevels = Array.from(instruments, () => ({ bids: [], asks: [] }));
    this.depth = options.depth ?? 10;
    this.retimeMs = options.retimeMs ?? 60_000;
    const held = new Map<number, number>();
    for (const [name, size] of positions) {
      const i = instruments.findIndex((instrument) => instrument.name === name);
      if (i >= 0) held.set(i, size);
    }
    this.engine.setPositions(held);
  }

  /** Bring every option up to the market and requote what changed; returns the published quotes. */
  refresh(state: MarketState, health: (instrument: string) => InstrumentHealth, surfaceOf: SurfaceLookup): JournalQuote[] {
    const now = this.options.clock.now();
    const { engine, instruments, market: scratch } = this;
    for (let i = 0; i < instruments.length; i++) {
      const instrument = instruments[i]!;
      const surface = surfaceOf(instrument.base, instrument.settlement);
      const T = yearsBetween(now, instrument.expiry);
      if (!surface || !(T > 0)) {
        engine.halt(i, !surface ? 'no surface' : 'expired');
        continue;
      }
      if (surface !== this.surfaceSeen[i] || now - this.valuedAt[i]! >= this.retimeMs) {
        scratch.forward = surface.forward(T);
        scratch.T = T;
        scratch.vol = surface.vol(instrument.strike, T);
        engine.setMarket(i, scratch);
        this.surfaceSeen[i] = surface;
        this.valuedAt[i] = now;
      }
      const market = state.get(instrument.name);
      if (market && market.bookTime !== this.bookSeen[i]) {
        const levels = this.bookLevels[i]!;
        engine.setBook(i, market.book.bids.levelsInto(levels.bids, this.depth), market.book.asks.levelsInto(levels.asks, this.depth));
        this.bookSeen[i] = market.bookTime;
      }
      const feed = health(instrument.name);
      engine.halt(i, feed.stale ? `stale: ${feed.reason ?? 'stale'}` : null);
    }
    this.requoted = engine.requote();
    return this.publisher ? this.publisher.publish(now, this.options.params.id) : [];
  }

  /** A fill of the dealer (size signed, contracts): the book's risk moves every quote. */
  fill(instrument: string, size: number): void {
    this.engine.addFill(this.engine.indexOf(instrument), size);
    this.publisher?.journalAll();
  }

  /** Every size of one option's quote. */
  quotesOf(instrument: string): QuoteView[] {
    const i = this.engine.indexOf(instrument);
    return Array.from(this.engine.sizes, (_, z) => this.engine.view(i, z));
  }
}
