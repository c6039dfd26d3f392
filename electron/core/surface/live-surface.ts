/**
 * One underlying's surface kept current from a live feed: a market listener that keeps the latest
 * quote of each of the coin's options (one settlement: inverse, USDC- and USDT-linear chains are separate
 * surfaces) from its tickers, and a throttled poll that recalibrates (SurfaceRecalibrator, warm
 * starts) when quotes changed since the last fit and at most every `minIntervalMs` on the injected
 * clock; accepted calibrations are stored, at most one every `storeEveryMs`. The poll is the caller's to schedule, so tests and
 * backtests drive it without timers.
 */
import { checkInstrumentName, type OptionInstrument, type Settlement } from '../../../shared/domain/instrument';
import type { Clock } from '../clock';
import type { MarketEvent, TickerEvent } from '../market/events';
import type { CalibrationRecord, SurfaceStore } from '../store/surface-store';
import type { ChainQuote } from './chain';
import type { ChainSnapshot } from './chain-files';
import { SurfaceRecalibrator, type Recalibration } from './recalibrator';
import type { VolSurface } from './vol-surface';

export interface LiveSurfaceOptions {
  venue: string;
  underlying: string;
  settlement: Settlement;
  clock: Clock;
  /** Least time between two calibrations, ms (default 1000). */
  minIntervalMs?: number;
  /**
   * Least time between two stored calibrations, ms (default 0: every accepted one). The session
   * thins a 1 s recalibration to a stored one every 10 s: a day of three chains is then about
   * 26,000 calibrations instead of 260,000.
   */
  storeEveryMs?: number;
  /** Whether an instrument's quote may be fitted now (feed health: not stale); all when absent. */
  quotable?: (instrument: string) => boolean;
  store?: SurfaceStore | null;
}

/** Write what a ticker states into an option's chain quote (IVs are fractions at the adapter's boundary). */
function setQuote(quote: ChainQuote, ticker: TickerEvent): void {
  quote.timestamp = ticker.time;
  quote.bidIv = ticker.bidIv ?? null;
  quote.askIv = ticker.askIv ?? null;
  quote.bidSize = ticker.bestBidAmount ?? null;
  quote.askSize = ticker.bestAskAmount ?? null;
  quote.markIv = ticker.markIv ?? null;
  quote.markPrice = ticker.markPrice ?? null;
  quote.underlyingPrice = ticker.underlyingPrice ?? null;
}

function emptyQuote(option: OptionInstrument): ChainQuote {
  const { name: instrument, optionType, strike, expiry } = option;
  return { instrument, optionType, strike, expiry, timestamp: NaN, bidIv: null, askIv: null, bidSize: null, askSize: null, markIv: null, markPrice: null, underlyingPrice: null };
}

export class LiveSurface {
  readonly venue: string;
  readonly underlying: string;
  readonly settlement: Settlement;
  private readonly clock: Clock;
  private readonly minIntervalMs: number;
  private readonly quotable: ((instrument: string) => boolean) | undefined;
  private readonly recalibrator: SurfaceRecalibrator;
  private readonly quotes = new Map<string, ChainQuote>();
  /** Parsed names, this chain's options only (null: another coin, settlement or kind). */
  private readonly options = new Map<string, OptionInstrument | null>();
  private changed = false;
  private lastRun = -Infinity;
  private readonly storeEveryMs: number;
  private lastStored = -Infinity;
  private lastAccepted: CalibrationRecord | null = null;

  constructor(options: LiveSurfaceOptions) {
    this.venue = options.venue;
    this.underlying = options.underlying;
    this.settlement = options.settlement;
    this.clock = options.clock;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    if (!(this.minIntervalMs >= 0 && Number.isFinite(this.minIntervalMs))) throw new Error(`live surface: minIntervalMs must be a finite ms >= 0, got ${options.minIntervalMs}`);
    this.storeEveryMs = options.storeEveryMs ?? 0;
    if (!(this.storeEveryMs >= 0 && Number.isFinite(this.storeEveryMs))) throw new Error(`live surface: storeEveryMs must be a finite ms >= 0, got ${options.storeEveryMs}`);
    this.quotable = options.quotable;
    this.recalibrator = new SurfaceRecalibrator(
      { venue: options.venue, underlying: options.underlying, settlement: options.settlement, source: 'bid_ask' },
      options.clock,
      options.store ?? null,
    );
  }

  /** Feed it every event of the venue; it keeps what concerns this chain. */
  readonly listener = (event: MarketEvent): void => {
    if (event.type !== 'ticker' || event.venue !== this.venue) return;
    // Each option's quote is one object updated in place: the feed's hot path allocates nothing.
    let quote = this.quotes.get(event.instrument);
    if (!quote) {
      const option = this.option(event.instrument);
      if (!option) return;
      quote = emptyQuote(option);
      this.quotes.set(option.name, quote);
    }
    setQuote(quote, event);
    this.changed = true;
  };

  /** Options of this chain with a quote. */
  get size(): number {
    return this.quotes.size;
  }

  /** The chain as quoted now (copies of the quotes), to value a book on; null before any quote. */
  snapshot(): ChainSnapshot | null {
    const quotes: ChainQuote[] = [];
    for (const quote of this.quotes.values()) if (Number.isFinite(quote.timestamp)) quotes.push({ ...quote });
    return quotes.length > 0 ? { quotes, underlying: this.underlying, settlement: this.settlement } : null;
  }

  /** The surface of the last accepted calibration (or the stored one after a restart). */
  get surface(): VolSurface | null {
    return this.recalibrator.surface;
  }

  /** The last calibration accepted since this surface went live; null before the first. */
  get latest(): CalibrationRecord | null {
    return this.lastAccepted;
  }

  /**
   * Recalibrate if quotes changed and `minIntervalMs` passed since the last calibration; returns
   * the calibration, or null when none was due. Quotes of expired options are forgotten here
   * (a venue delists them without a word).
   */
  poll(): Recalibration | null {
    const now = this.clock.now();
    if (!this.changed || now - this.lastRun < this.minIntervalMs) return null;
    this.changed = false;
    this.lastRun = now;
    const quotes: ChainQuote[] = [];
    let latest = -Infinity;
    for (const quote of this.quotes.values()) latest = Math.max(latest, quote.timestamp);
    for (const [name, quote] of this.quotes) {
      if (quote.expiry <= latest) {
        this.quotes.delete(name);
        this.options.delete(name);
      } else if (!this.quotable || this.quotable(name)) {
        quotes.push(quote);
      }
    }
    if (quotes.length === 0) return null;
    const recalibration = this.recalibrator.recalibrate(quotes, now - this.lastStored >= this.storeEveryMs);
    if (recalibration.id !== null) this.lastStored = now;
    if (recalibration.accepted) this.lastAccepted = recalibration.record;
    return recalibration;
  }

  private option(name: string): OptionInstrument | null {
    let option = this.options.get(name);
    if (option === undefined) {
      const checked = checkInstrumentName(name);
      const instrument = checked.ok ? checked.instrument : null;
      option = instrument?.kind === 'option' && instrument.base === this.underlying && instrument.settlement === this.settlement ? instrument : null;
      this.options.set(name, option);
    }
    return option;
  }
}
