/**
 * Feed health on hand-made events with a manual clock: staleness at its threshold, every rejection
 * counted under its reason with the book dropped and a snapshot asked for once, and venue outages.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import type { BookEvent, Level, TickerEvent } from '../../../electron/core/market/events';
import { FeedHealth } from '../../../electron/core/market/feed-health';
import { MarketState } from '../../../electron/core/market/market-state';

const PUT = 'BTC-22MAY20-9250-P';
const T0 = Date.UTC(2020, 4, 21, 12);

function setup(staleAfterMs?: number) {
  const clock = new ManualClock(T0);
  const state = new MarketState();
  const resyncs: string[] = [];
  const health = new FeedHealth(state, { clock, staleAfterMs, onResync: (_venue, instrument) => resyncs.push(instrument) });
  return { clock, state, health, resyncs };
}

function book(seq: number, bids: Level[], asks: Level[], prevSeq?: number): BookEvent {
  const event: BookEvent = { type: 'book', venue: 'deribit', instrument: PUT, time: T0, snapshot: prevSeq === undefined, bids, asks, seq };
  if (prevSeq !== undefined) event.prevSeq = prevSeq;
  return event;
}

const SNAPSHOT = book(10, [[0.02, 9], [0.019, 5]], [[0.023, 9], [0.0235, 5.5]]);

describe('feed health', () => {
  it('is fresh up to the threshold and stale after it, 2 s unless told', () => {
    for (const threshold of [undefined, 500]) {
      const { clock, health } = setup(threshold);
      const limit = threshold ?? 2000;
      health.track('deribit', [PUT]);
      expect(health.health(PUT)).toMatchObject({ stale: true, reason: 'no-data' });
      expect(health.ingest(SNAPSHOT)).toBeUndefined();
      clock.advance(limit);
      expect(health.health(PUT)).toEqual({ stale: false, ageMs: limit });
      clock.advance(1);
      expect(health.health(PUT)).toMatchObject({ stale: true, reason: 'stale', ageMs: limit + 1, detail: `no update for ${limit + 1} ms` });
      const ticker: TickerEvent = { type: 'ticker', venue: 'deribit', instrument: PUT, time: T0, bestBid: 0.02, bestAsk: 0.023 };
      health.ingest(ticker);
      expect(health.health(PUT).stale).toBe(false);
    }
  });

  it('applies a chained delta and rejects a gap, dropping the book until a snapshot', () => {
    const { state, health, resyncs } = setup();
    health.ingest(SNAPSHOT);
    expect(health.ingest(book(11, [[0.0205, 3]], [], 10))).toBeUndefined();
    expect(state.get(PUT)!.book.bids.best()).toBe(0.0205);

    expect(health.ingest(book(13, [[0.021, 1]], [], 12))).toBe('gap');
    expect(state.get(PUT)!.book.bids.depth).toBe(0);
    expect(health.health(PUT)).toMatchObject({ stale: true, reason: 'awaiting-snapshot', detail: 'book sequence gap, awaiting snapshot' });
    expect(health.ingest(book(14, [[0.021, 2]], [], 13))).toBe('awaiting-snapshot');
    expect(resyncs).toEqual([PUT]);

    expect(health.ingest(book(20, [[0.02, 1]], [[0.022, 1]]))).toBeUndefined();
    expect(health.health(PUT).stale).toBe(false);
    expect(health.ingest(book(21, [], [[0.0221, 1]], 20))).toBeUndefined();
    expect(health.snapshot().counters).toMatchObject({ accepted: 4, resyncs: 1, rejected: { gap: 1, 'awaiting-snapshot': 1 } });
  });

  it('rejects crossed books and tickers, non-finite values and non-positive prices, each under its reason', () => {
    const { state, health, resyncs } = setup();
    health.ingest(SNAPSHOT);
    expect(health.ingest(book(11, [[0.023, 1]], [], 10))).toBe('crossed');
    expect(state.get(PUT)!.book.crossed()).toBe(false);
    health.ingest(SNAPSHOT);
    expect(health.ingest(book(11, [[Number.NaN, 1]], [], 10))).toBe('non-finite');
    health.ingest(SNAPSHOT);
    expect(health.ingest(book(11, [], [[0.024, Number.POSITIVE_INFINITY]], 10))).toBe('non-finite');
    health.ingest(SNAPSHOT);
    expect(health.ingest(book(11, [[0, 1]], [], 10))).toBe('invalid-level');
    health.ingest(SNAPSHOT);
    expect(health.ingest(book(11, [[0.02, -1]], [], 10))).toBe('invalid-level');
    expect(health.ingest(book(12, [[0.03, 1]], [[0.02, 1]]))).toBe('crossed');
    expect(resyncs).toHaveLength(6);

    const ticker = (fields: Partial<TickerEvent>): TickerEvent => ({ type: 'ticker', venue: 'deribit', instrument: PUT, time: T0, ...fields });
    expect(health.ingest(ticker({ markIv: Number.NaN }))).toBe('non-finite');
    expect(health.ingest(ticker({ bestBid: 0.023, bestAsk: 0.023 }))).toBe('crossed');
    expect(health.ingest(ticker({ markIv: 0.85, bestBid: 0.02, bestAsk: 0.023 }))).toBeUndefined();
    expect(state.get(PUT)!.ticker?.markIv).toBe(0.85);
    const trade = { type: 'trade', venue: 'deribit', instrument: PUT, time: T0, tradeId: '1', takerSide: 'buy' } as const;
    expect(health.ingest({ ...trade, price: Number.NaN, amount: 1 })).toBe('non-finite');
    expect(health.ingest({ ...trade, price: 0.02, amount: 0 })).toBe('invalid-level');
    expect(health.snapshot().counters.rejected).toEqual({ 'non-finite': 4, 'invalid-level': 3, crossed: 3, gap: 0, 'awaiting-snapshot': 0 });
  });

  it('asks for a snapshot when a delta comes before any', () => {
    const { health, resyncs } = setup();
    expect(health.ingest(book(11, [[0.02, 1]], [], 10))).toBe('awaiting-snapshot');
    expect(health.health(PUT)).toMatchObject({ stale: true, reason: 'awaiting-snapshot' });
    expect(resyncs).toEqual([PUT]);
  });

  it('holds every book of a venue that went down until its resubscription snapshot, and counts the reason', () => {
    const { state, health, resyncs } = setup();
    health.ingest(SNAPSHOT);
    health.ingest({ type: 'venue-status', venue: 'deribit', time: T0, state: 'reconnecting', reason: 'heartbeat timeout' });
    expect(health.health(PUT)).toMatchObject({ stale: true, reason: 'venue-down', detail: 'deribit reconnecting: heartbeat timeout' });
    expect(state.get(PUT)!.book.bids.depth).toBe(0);
    health.ingest({ type: 'venue-status', venue: 'deribit', time: T0, state: 'connected' });
    expect(health.health(PUT)).toMatchObject({ stale: true, reason: 'awaiting-snapshot', detail: 'venue reconnected, awaiting snapshot' });
    expect(health.ingest(book(11, [[0.02, 1]], [], 10))).toBe('awaiting-snapshot');
    health.ingest(SNAPSHOT);
    expect(health.health(PUT).stale).toBe(false);
    // The resubscription brings the snapshot: nothing is asked of the source.
    expect(resyncs).toEqual([]);
    const snapshot = health.snapshot();
    expect(snapshot.venues).toEqual({ deribit: { state: 'connected' } });
    expect(snapshot.counters.venue).toEqual({ 'heartbeat timeout': 1 });
  });

  it('refuses a threshold that is not a positive duration', () => {
    expect(() => setup(0)).toThrow(/staleAfterMs/);
    expect(() => setup(Number.NaN)).toThrow(/staleAfterMs/);
  });
});
