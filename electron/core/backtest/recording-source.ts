/**
 * A recording replayed as a backtest market: its events in arrival order into the market state
 * (books, tickers, prints), and each option's latest ticker into the desk's LiveSurface of its
 * chain before the surface is polled, recalibrated from the
 * recorded bid/ask IVs every `revalueMs` as the live session does; marks are the recorded
 * tickers' marks, the hedge is marked to the recorded index. The quoted options are those of the
 * listing at the start that live through the run.
 */
import { checkInstrumentName, type OptionInstrument } from '../../../shared/domain/instrument';
import type { ManualClock } from '../clock';
import type { MarketEvent, TickerEvent, TradeEvent } from '../market/events';
import { MarketState } from '../market/market-state';
import { Recording, type RecordingCursor } from '../market/record/recording';
import type { PremiumParams } from '../premium/params';
import { LiveSurface } from '../surface/live-surface';
import type { Settlement } from '../../../shared/domain/instrument';
import { yearsBetween } from '../../../shared/domain/time';
import type { BacktestMarket, OptionMark } from './market-source';
import type { QuoteSchedule, QuoteSnapshot } from './quote-schedule';
import { RecordedFlow } from './recorded-flow';

export interface RecordingSourceOptions {
  file: string;
  /** Replay at most this much of the recording (default: all of it). */
  hours?: number;
  revalueMs: number;
  clock: ManualClock;
  params: PremiumParams;
  /** Seeds the intensity fill model's client orders (the recording's market is the same on every path). */
  seed: number;
}

interface CoinIndex {
  /** NaN before the first; a number from the start, so setting it allocates nothing. */
  price: number;
}

/** Where an instrument's tickers go: its coin's index (null: not a followed coin), its chain's surface (null: not an option of one) and its latest ticker not yet given to the surface. */
interface TickerRoute {
  index: CoinIndex | null;
  surface: LiveSurface | null;
  latest: TickerEvent | null;
  /** The ticker object the market state holds for the instrument. */
  held: TickerEvent | null;
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

export class RecordingSource implements BacktestMarket {
  readonly end: number;
  readonly options: readonly OptionInstrument[];
  readonly coins: readonly string[];
  readonly state = new MarketState();
  readonly prints: TradeEvent[] = [];
  events = 0;
  time: number;
  private readonly recording: Recording;
  private readonly cursor: RecordingCursor;
  /** Each chain's surface, by coin and settlement. */
  private readonly chains = new Map<string, Map<Settlement, LiveSurface>>();
  /** Each instrument's coin's index and chain surface (null: not of a followed coin, not an option of a followed chain). */
  private readonly route = new Map<string, TickerRoute>();
  /** Routes with a ticker since the surfaces were last given theirs. */
  private readonly quoted: TickerRoute[] = [];
  /** Each coin's index price, one object a coin, so a ticker's route sets it without a lookup. */
  private readonly indices = new Map<string, CoinIndex>();
  private readonly flow: RecordedFlow;

  constructor(private readonly config: RecordingSourceOptions) {
    this.recording = new Recording(config.file);
    try {
      const { info } = this.recording;
      this.time = info.started;
      const last = info.ended ?? this.recording.lastEventTime() ?? info.started;
      this.end = config.hours === undefined ? last : Math.min(last, info.started + config.hours * 3_600_000);
      if (!(this.end > info.started)) throw new RecordingError(`${config.file}: the recording has no events after its start`);
      const named = Array.isArray(info.params.underlyings) ? (info.params.underlyings as string[]) : config.params.underlyings;
      this.coins = named.filter((coin) => config.params.underlyings.includes(coin));
      const options: OptionInstrument[] = [];
      for (const coin of this.coins) {
        for (const { instrument } of this.recording.listing(coin, info.started)) if (instrument.kind === 'option' && instrument.expiry > this.end) options.push(instrument);
      }
      if (options.length === 0) throw new RecordingError(`${config.file}: lists no option of ${this.coins.join(', ') || 'the desk’s coins'} living through the replay`);
      this.options = options;
      // The state keeps an instrument's latest ticker and copies its books, the surfaces copy the
      // tickers, prints are never reused: nothing here keeps an older book or ticker.
      this.cursor = this.recording.cursor({ reuseEvents: true });
      const scratch: OptionMark = { price: NaN, forward: NaN, iv: NaN, years: NaN };
      this.flow = new RecordedFlow(config.params, options, info.started, config.seed, (i) => this.markInto(i, scratch));
      this.advanceTo(info.started); // the subscription's snapshots: books, marks, index and the first fit
    } catch (error) {
      this.recording.close();
      throw error;
    }
  }

  readonly surfaceOf = (base: string, settlement: Settlement) => this.chains.get(base)?.get(settlement)?.surface ?? null;

  advanceTo(time: number): void {
    this.prints.length = 0;
    const { cursor } = this;
    for (let event = cursor.next(time); event; event = cursor.next(time)) this.apply(event);
    this.time = time;
    this.config.clock.set(time);
    // A surface keeps each option's latest quote and is read only here: an option's last ticker of
    // the step is all it needs, not every one (most of a replay's events are tickers).
    for (const route of this.quoted) {
      route.surface!.listener(route.latest!);
      route.latest = null;
    }
    this.quoted.length = 0;
    for (const chains of this.chains.values()) for (const surface of chains.values()) surface.poll();
  }

  mark(i: number): OptionMark | null {
    return this.markInto(i, { price: NaN, forward: NaN, iv: NaN, years: NaN });
  }

  /** Option i's mark written into `out` (the client flow reads every option's a step, and keeps none). */
  private markInto(i: number, out: OptionMark): OptionMark | null {
    const option = this.options[i]!;
    const ticker = this.state.get(option.name)?.ticker;
    if (!ticker || ticker.markPrice === undefined || ticker.underlyingPrice === undefined || ticker.markIv === undefined) return null;
    out.price = ticker.markPrice;
    out.forward = ticker.underlyingPrice;
    out.iv = ticker.markIv;
    out.years = yearsBetween(this.time, option.expiry);
    return out;
  }

  index(coin: string): number {
    const price = this.indices.get(coin)?.price ?? NaN;
    if (Number.isNaN(price)) throw new RecordingError(`${this.config.file}: no index price of ${coin} by ${new Date(this.time).toISOString()}`);
    return price;
  }

  clientOrders(schedule: QuoteSchedule, quotes: QuoteSnapshot, windowMs: number) {
    return this.flow.orders(quotes, schedule.amount, windowMs, this.time);
  }

  close(): void {
    this.recording.close();
  }

  private apply(event: MarketEvent): void {
    switch (event.type) {
      case 'book':
        this.state.applyBook(event);
        break;
      case 'ticker':
        this.tickerOf(event);
        break;
      case 'trade':
        this.state.applyTrade(event);
        this.prints.push(event);
        break;
      case 'index':
        this.indexOf(event.underlying).price = event.price;
        return;
      default:
        return;
    }
    this.events++;
  }

  /** A ticker is the instrument's latest in the state, its chain's surface's next quote of the option, and its index price stands for the coin's until an index event says otherwise. */
  private tickerOf(event: TickerEvent): void {
    let route = this.route.get(event.instrument);
    if (route === undefined) {
      const checked = checkInstrumentName(event.instrument);
      const instrument = checked.ok && this.coins.includes(checked.instrument.base) ? checked.instrument : null;
      route = { index: instrument ? this.indexOf(instrument.base) : null, surface: instrument?.kind === 'option' ? this.chain(instrument.base, instrument.settlement) : null, latest: null, held: null };
      this.route.set(event.instrument, route);
    }
    // The cursor decodes an option's tickers into one object: once the state holds it, it holds the latest.
    if (route.held !== event) {
      this.state.applyTicker(event);
      route.held = event;
    }
    if (route.surface !== null) {
      if (route.latest === null) this.quoted.push(route);
      route.latest = event;
    }
    if (route.index !== null && event.indexPrice !== undefined) route.index.price = event.indexPrice;
  }

  private indexOf(coin: string): CoinIndex {
    let index = this.indices.get(coin);
    if (!index) this.indices.set(coin, (index = { price: NaN }));
    return index;
  }

  private chain(base: string, settlement: Settlement): LiveSurface {
    let chains = this.chains.get(base);
    if (!chains) this.chains.set(base, (chains = new Map()));
    let surface = chains.get(settlement);
    if (!surface) {
      surface = new LiveSurface({ venue: this.recording.info.venue, underlying: base, settlement, clock: this.config.clock, minIntervalMs: this.config.revalueMs });
      chains.set(settlement, surface);
    }
    return surface;
  }
}
