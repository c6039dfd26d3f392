/**
 * Feed health: the gate between market sources and the market state, and the record the engine
 * reads before it quotes. Whatever the source, an event is checked before it is applied:
 *   - a book with a non-finite or non-positive price, or a non-finite or negative amount, is
 *     rejected ('non-finite' / 'invalid-level');
 *   - a delta whose prevSeq is not the last applied seq has missed an update ('gap');
 *   - a book whose best bid reaches its best ask is wrong ('crossed'): no matching engine leaves one.
 * A rejected book is dropped and the instrument waits for a snapshot; health asks the source for
 * one (onResync) once, and drops further deltas ('awaiting-snapshot') until it comes. When the
 * source reports its connection down, every book it fed waits for the snapshot its resubscription
 * brings. An instrument is stale when its venue is down, its book awaits a snapshot, or nothing was
 * accepted for it for longer than the threshold (default 2 s) on the injected clock.
 *
 * Every rejection and every venue fault is counted under its reason.
 */
import type { Clock } from '../clock';
import type { BookEvent, Level, MarketEvent, TickerEvent, VenueStatusEvent } from './events';
import type { MarketState } from './market-state';

export const REJECT_REASONS = ['non-finite', 'invalid-level', 'crossed', 'gap', 'awaiting-snapshot'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Why an instrument is not fit to quote on. */
export type StaleReason = 'venue-down' | 'no-data' | 'stale' | 'awaiting-snapshot';

export interface InstrumentHealth {
  stale: boolean;
  reason?: StaleReason;
  /** What a status bar shows, e.g. "book gap, awaiting snapshot" or "no update for 2300 ms". */
  detail?: string;
  /** ms since the last accepted event; absent before the first. */
  ageMs?: number;
}

export interface HealthCounters {
  accepted: number;
  rejected: Record<RejectReason, number>;
  /** Snapshots asked of sources after a rejected book. */
  resyncs: number;
  /** Venue faults (status events other than connecting/connected) by reason. */
  venue: Record<string, number>;
}

export interface HealthSnapshot {
  time: number;
  instruments: Record<string, InstrumentHealth>;
  venues: Record<string, { state: VenueStatusEvent['state']; reason?: string }>;
  counters: HealthCounters;
}

export interface FeedHealthOptions {
  clock: Clock;
  /** An instrument with no accepted event for longer than this is stale (ms). */
  staleAfterMs?: number;
  /** Ask the instrument's source for a fresh book snapshot. */
  onResync?: (venue: string, instrument: string) => void;
}

/** Why a book awaits a snapshot: a rejected event, or the source's reconnection. */
type BookWait = Exclude<RejectReason, 'awaiting-snapshot'> | 'no-snapshot' | 'reconnect';

const WAIT_DETAIL: Record<BookWait, string> = {
  'non-finite': 'book had a non-finite value',
  'invalid-level': 'book had a non-positive price or negative amount',
  crossed: 'book crossed',
  gap: 'book sequence gap',
  'no-snapshot': 'book delta before any snapshot',
  reconnect: 'venue reconnected',
};

interface Watch {
  venue: string;
  /** Clock time of the last accepted event; NaN before the first. */
  lastUpdate: number;
  /** Whether this instrument has had a book (only those await snapshots after a reconnect). */
  hasBook: boolean;
  seq: number | undefined;
  waiting: BookWait | undefined;
}

const DOWN: ReadonlySet<VenueStatusEvent['state']> = new Set(['connecting', 'reconnecting', 'disconnected']);

function badLevels(levels: readonly Level[]): RejectReason | undefined {
  for (let i = 0; i < levels.length; i++) {
    const [price, amount] = levels[i]!;
    if (!Number.isFinite(price) || !Number.isFinite(amount)) return 'non-finite';
    if (!(price > 0) || amount < 0) return 'invalid-level';
  }
  return undefined;
}

function finiteOrAbsent(...values: (number | undefined)[]): boolean {
  for (const value of values) if (value !== undefined && !Number.isFinite(value)) return false;
  return true;
}

function tickerFault(event: TickerEvent): RejectReason | undefined {
  const { markPrice, markIv, bidIv, askIv, bestBid, bestBidAmount, bestAsk, bestAskAmount, underlyingPrice, indexPrice, funding8h } = event;
  if (!finiteOrAbsent(markPrice, markIv, bidIv, askIv, bestBid, bestBidAmount, bestAsk, bestAskAmount, underlyingPrice, indexPrice, funding8h)) {
    return 'non-finite';
  }
  if (bestBid !== undefined && bestAsk !== undefined && bestBid >= bestAsk) return 'crossed';
  return undefined;
}

export class FeedHealth {
  private readonly clock: Clock;
  private readonly staleAfterMs: number;
  private readonly onResync: ((venue: string, instrument: string) => void) | undefined;
  private readonly watches = new Map<string, Watch>();
  private readonly venues = new Map<string, { state: VenueStatusEvent['state']; reason?: string }>();
  private readonly counters: HealthCounters = {
    accepted: 0,
    rejected: { 'non-finite': 0, 'invalid-level': 0, crossed: 0, gap: 0, 'awaiting-snapshot': 0 },
    resyncs: 0,
    venue: {},
  };

  constructor(
    readonly state: MarketState,
    options: FeedHealthOptions,
  ) {
    this.clock = options.clock;
    this.staleAfterMs = options.staleAfterMs ?? 2000;
    if (!(this.staleAfterMs > 0)) throw new Error(`staleAfterMs must be a positive number of ms, not ${options.staleAfterMs}`);
    this.onResync = options.onResync;
  }

  /** Instruments expected from a venue: reported 'no-data' until their first event. */
  track(venue: string, instruments: readonly string[]): void {
    for (const instrument of instruments) this.watch(venue, instrument);
  }

  /** Instruments no longer expected (delisted): forgotten, so they are not reported stale. */
  untrack(instruments: readonly string[]): void {
    for (const instrument of instruments) this.watches.delete(instrument);
  }

  /** A market listener: check each event, apply the sound ones. */
  readonly listener = (event: MarketEvent): void => {
    this.ingest(event);
  };

  /** Check an event and apply it to the market state; returns why it was rejected, if it was. */
  ingest(event: MarketEvent): RejectReason | undefined {
    switch (event.type) {
      case 'book':
        return this.ingestBook(event);
      case 'ticker': {
        const fault = tickerFault(event);
        if (fault) return this.count(fault);
        this.state.applyTicker(event);
        this.fresh(this.watch(event.venue, event.instrument));
        return undefined;
      }
      case 'trade':
        if (!Number.isFinite(event.price) || !Number.isFinite(event.amount)) return this.count('non-finite');
        if (!(event.price > 0) || !(event.amount > 0)) return this.count('invalid-level');
        this.state.applyTrade(event);
        this.fresh(this.watch(event.venue, event.instrument));
        return undefined;
      case 'index':
        if (!Number.isFinite(event.price)) return this.count('non-finite');
        if (!(event.price > 0)) return this.count('invalid-level');
        this.state.applyIndex(event);
        this.counters.accepted++;
        return undefined;
      case 'venue-status':
        this.venueStatus(event);
        return undefined;
    }
  }

  /** One instrument's health now. */
  health(instrument: string): InstrumentHealth {
    const watch = this.watches.get(instrument);
    if (!watch) return { stale: true, reason: 'no-data', detail: 'not subscribed' };
    return this.healthOf(watch, this.clock.now());
  }

  snapshot(): HealthSnapshot {
    const time = this.clock.now();
    const instruments: Record<string, InstrumentHealth> = {};
    for (const [instrument, watch] of this.watches) instruments[instrument] = this.healthOf(watch, time);
    const venues: HealthSnapshot['venues'] = {};
    for (const [venue, status] of this.venues) venues[venue] = { ...status };
    const { counters } = this;
    return { time, instruments, venues, counters: { ...counters, rejected: { ...counters.rejected }, venue: { ...counters.venue } } };
  }

  private healthOf(watch: Watch, now: number): InstrumentHealth {
    const ageMs = Number.isNaN(watch.lastUpdate) ? undefined : now - watch.lastUpdate;
    const age = ageMs === undefined ? {} : { ageMs };
    const venue = this.venues.get(watch.venue);
    if (venue && DOWN.has(venue.state)) {
      return { stale: true, reason: 'venue-down', detail: `${watch.venue} ${venue.state}${venue.reason ? `: ${venue.reason}` : ''}`, ...age };
    }
    if (watch.waiting) return { stale: true, reason: 'awaiting-snapshot', detail: `${WAIT_DETAIL[watch.waiting]}, awaiting snapshot`, ...age };
    if (ageMs === undefined) return { stale: true, reason: 'no-data', detail: 'no data yet' };
    if (ageMs > this.staleAfterMs) return { stale: true, reason: 'stale', detail: `no update for ${Math.round(ageMs)} ms`, ...age };
    return { stale: false, ageMs };
  }

  private ingestBook(event: BookEvent): RejectReason | undefined {
    const watch = this.watch(event.venue, event.instrument);
    if (!event.snapshot && watch.waiting) return this.count('awaiting-snapshot');
    const bad = badLevels(event.bids) ?? badLevels(event.asks);
    if (bad) return this.rejectBook(watch, event, bad);
    if (!event.snapshot) {
      if (!watch.hasBook) return this.rejectBook(watch, event, 'awaiting-snapshot');
      if (event.prevSeq !== undefined && watch.seq !== undefined && event.prevSeq !== watch.seq) return this.rejectBook(watch, event, 'gap');
    }
    const market = this.state.applyBook(event);
    if (market.book.crossed()) return this.rejectBook(watch, event, 'crossed');
    watch.hasBook = true;
    watch.seq = event.seq;
    watch.waiting = undefined;
    this.fresh(watch);
    return undefined;
  }

  /** Drop the instrument's book and ask its source for a snapshot (once per wait). */
  private rejectBook(watch: Watch, event: BookEvent, reason: RejectReason): RejectReason {
    this.count(reason);
    this.state.clearBook(event.instrument);
    watch.seq = undefined;
    watch.waiting = reason === 'awaiting-snapshot' ? 'no-snapshot' : reason;
    this.counters.resyncs++;
    this.onResync?.(event.venue, event.instrument);
    return reason;
  }

  private venueStatus(event: VenueStatusEvent): void {
    this.venues.set(event.venue, event.reason === undefined ? { state: event.state } : { state: event.state, reason: event.reason });
    if (event.state === 'connecting' || event.state === 'connected') return;
    const key = event.reason ?? event.state;
    this.counters.venue[key] = (this.counters.venue[key] ?? 0) + 1;
    if (!DOWN.has(event.state)) return;
    // Deltas sent while the link was down are lost: each book waits for its resubscription's snapshot.
    for (const [instrument, watch] of this.watches) {
      if (watch.venue !== event.venue || !watch.hasBook) continue;
      watch.waiting = 'reconnect';
      watch.seq = undefined;
      this.state.clearBook(instrument);
    }
  }

  private watch(venue: string, instrument: string): Watch {
    let watch = this.watches.get(instrument);
    if (!watch) {
      watch = { venue, lastUpdate: NaN, hasBook: false, seq: undefined, waiting: undefined };
      this.watches.set(instrument, watch);
    }
    return watch;
  }

  private fresh(watch: Watch): void {
    watch.lastUpdate = this.clock.now();
    this.counters.accepted++;
  }

  private count(reason: RejectReason): RejectReason {
    this.counters.rejected[reason]++;
    return reason;
  }
}
