/**
 * What the tests of the ccxt options adapter share, whatever the local venue: the adapter pointed
 * at the venue with its delays shortened (nothing waits on a fixed sleep, only on events),
 * everything opened closed after each test, and a feed: the adapter's events through feed health
 * into a market state, with a wait for the first event after a mark that matches.
 */
import { afterEach, expect, vi } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { CcxtOptionsAdapter, type CcxtOptionsAdapterOptions } from '../../electron/core/market/ccxt-options/adapter';
import type { OptionsVenue } from '../../electron/core/market/ccxt-options/venues';
import type { Level, MarketEvent, VenueStatusEvent } from '../../electron/core/market/events';
import { FeedHealth } from '../../electron/core/market/feed-health';
import { MarketState } from '../../electron/core/market/market-state';

const WAIT = { timeout: 5000, interval: 5 };

/** Call at a test file's top level: `closing` closes what it is given after each test, last first. */
export function useClosing(): <T extends { close(): Promise<void> | void }>(thing: T) => T {
  const open: { close(): Promise<void> | void }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });
  return (thing) => {
    open.push(thing);
    return thing;
  };
}

/** The adapter on a local venue, its backoff, rate-limit wait, REST spacing and chain poll shortened. */
export function fastAdapter(profile: OptionsVenue, venue: { url: string }, options: CcxtOptionsAdapterOptions = {}): CcxtOptionsAdapter {
  return new CcxtOptionsAdapter(profile, {
    url: new URL(venue.url),
    backoff: { baseMs: 10, maxMs: 80 },
    random: () => 0.5,
    rateLimitedDelayMs: 100,
    restSpacingMs: 5,
    chainPollMs: 50,
    ...options,
  });
}

export interface Feed {
  state: MarketState;
  health: FeedHealth;
  events: MarketEvent[];
  /** The first event from index `mark` on that matches, once it has come. */
  after<T extends MarketEvent>(mark: number, wanted: (event: MarketEvent) => event is T): Promise<T>;
  after(mark: number, wanted: (event: MarketEvent) => boolean): Promise<MarketEvent>;
}

/** Subscribe `instruments` with feed health tracking them on the adapter's venue. */
export async function feedOf(adapter: CcxtOptionsAdapter, instruments: readonly string[]): Promise<Feed> {
  const state = new MarketState();
  const health = new FeedHealth(state, { clock: systemClock });
  health.track(adapter.venue, instruments);
  const events: MarketEvent[] = [];
  await adapter.subscribe(instruments, (event) => {
    events.push(event);
    health.ingest(event);
  });
  const after = (mark: number, wanted: (event: MarketEvent) => boolean): Promise<MarketEvent> =>
    vi.waitFor(() => {
      const found = events.slice(mark).find(wanted);
      if (!found) throw new Error('not yet');
      return found;
    }, WAIT);
  return { state, health, events, after };
}

/** A book with one level added to a side, the side kept best first: the moved book a test waits for. */
export function withLevel(book: { bids: Level[]; asks: Level[] }, side: 'bids' | 'asks', level: Level): { bids: Level[]; asks: Level[] } {
  const levels = [...book[side], level].sort((a, b) => (side === 'bids' ? b[0] - a[0] : a[0] - b[0]));
  return { ...book, [side]: levels };
}

/** The venue sends a frame that does not parse: the feed says so. Returns where its events stood before. */
export async function sendMalformed(venue: { sendRaw(text: string): void }, feed: Pick<Feed, 'events' | 'after'>, frame: string): Promise<number> {
  const mark = feed.events.length;
  venue.sendRaw(frame);
  await feed.after(mark, (e) => e.type === 'venue-status' && e.reason === 'malformed frame');
  return mark;
}

/** The venue drops every link: the feed says it reconnects because the connection was lost, and `instrument`'s book comes again. */
export async function dropAndRecover(venue: { dropConnections(): void }, feed: Pick<Feed, 'events' | 'after'>, instrument: string): Promise<void> {
  const mark = feed.events.length;
  venue.dropConnections();
  const down = await feed.after(mark, (e): e is VenueStatusEvent => e.type === 'venue-status' && e.state === 'reconnecting');
  expect(down.reason).toBe('connection lost');
  await feed.after(mark, (e) => e.type === 'book' && e.instrument === instrument);
}
