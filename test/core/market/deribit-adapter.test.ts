/**
 * The Deribit adapter with the real ccxt client against the local Deribit (test/support/deribit-venue)
 * serving the recorded 2020-05-21 BTC chain: the REST snapshot equals the fixture in the desk's
 * units, streams arrive normalized through feed health into the market state, and every fault the
 * venue can inject is survived: the adapter reconnects, resubscribes and resnapshots, and health
 * counts the reason. Delays are shortened through the adapter's options (10 ms backoff, a 50 ms
 * heartbeat); nothing waits on a fixed sleep, only on the events themselves.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { DeribitAdapter, type DeribitAdapterOptions } from '../../../electron/core/market/deribit/adapter';
import type { BookEvent, MarketEvent, TickerEvent, TradeEvent, VenueStatusEvent } from '../../../electron/core/market/events';
import { FeedHealth, type InstrumentHealth } from '../../../electron/core/market/feed-health';
import { MarketState } from '../../../electron/core/market/market-state';
import { parseInstrument } from '../../../shared/domain/instrument';
import { DeribitVenue } from '../../support/deribit-venue/server';
import { FIXTURES_DIR } from '../../support/fixtures';

const CHAIN = path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv');
const PUT = 'BTC-22MAY20-9250-P';
const CALL = 'BTC-29MAY20-10000-C';
const WAIT = { timeout: 5000, interval: 5 };

/** What `find` gives, once it gives something. */
function until<T>(find: () => T | undefined, what = 'the event'): Promise<T> {
  return vi.waitFor(() => {
    const found = find();
    if (found === undefined) throw new Error(`no ${what} yet`);
    return found;
  }, WAIT);
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function startVenue(options: Partial<Parameters<typeof DeribitVenue.start>[0]> = {}): Promise<DeribitVenue> {
  const venue = await DeribitVenue.start({ chainFile: CHAIN, minHeartbeatSeconds: 0.01, ...options });
  open.push(venue);
  return venue;
}

function startAdapter(venue: DeribitVenue, options: DeribitAdapterOptions = {}): DeribitAdapter {
  const adapter = new DeribitAdapter({
    urls: { rest: venue.restUrl, ws: venue.wsUrl },
    heartbeatSeconds: 0.1,
    silenceMs: 350,
    backoff: { baseMs: 10, maxMs: 80 },
    random: () => 0.5,
    instrumentsIntervalMs: 50,
    rateLimitedDelayMs: 100,
    ...options,
  });
  open.push(adapter);
  return adapter;
}

/** An adapter streaming into feed health and the market state, with every event kept. */
async function streaming(venue: DeribitVenue, instruments: string[], options: DeribitAdapterOptions = {}) {
  const adapter = startAdapter(venue, options);
  const state = new MarketState();
  const health = new FeedHealth(state, { clock: systemClock, onResync: (_venue, instrument) => adapter.resnapshot(instrument) });
  health.track('deribit', instruments);
  const events: MarketEvent[] = [];
  /** Each instrument's health right after each event, for the events a test asks about. */
  const healthAfter = new Map<MarketEvent, InstrumentHealth>();
  const watched = new Set<(event: MarketEvent) => boolean>();
  await adapter.subscribe(instruments, (event) => {
    events.push(event);
    health.ingest(event);
    for (const wanted of watched) if (wanted(event)) healthAfter.set(event, health.health(instruments[0]!));
  });
  const find = <T extends MarketEvent>(predicate: (event: MarketEvent) => event is T, from = 0): T | undefined =>
    events.slice(from).find(predicate);
  const books = (instrument: string) => events.filter((e): e is BookEvent => e.type === 'book' && e.instrument === instrument);
  const channels = [
    ...instruments.flatMap((name) => ['book', 'ticker', 'trades'].map((kind) => `${kind}.${name}.100ms`)),
    'deribit_price_index.btc_usd',
  ].sort();
  /** The venue's one session carries every channel, and each book is fresh and matches the venue's. */
  const synced = async () =>
    vi.waitFor(() => {
      expect([...venue.subscriptions().values()].map((list) => [...list].sort())).toEqual([channels]);
      for (const instrument of instruments) {
        expect(health.health(instrument)).toMatchObject({ stale: false });
        const { bids, asks } = venue.book(instrument);
        const book = state.get(instrument)!.book;
        expect([book.bids.levels(), book.asks.levels()]).toEqual([bids, asks]);
      }
    }, WAIT);
  await synced();
  return { adapter, state, health, events, find, books, synced, healthAfter, watched };
}

const isBook = (e: MarketEvent): e is BookEvent => e.type === 'book';
const isStatus = (e: MarketEvent): e is VenueStatusEvent => e.type === 'venue-status';

describe('Deribit adapter, REST bootstrap', () => {
  it('lists every option of the chain under its canonical name with the venue terms', async () => {
    const venue = await startVenue();
    const listing = await startAdapter(venue).instruments('BTC');
    expect(listing.map((l) => l.instrument.name).sort()).toEqual(venue.instrumentNames().sort());
    for (const { instrument, contractSize, tickSize, minTradeAmount } of listing) {
      const fixture = venue.fixture(instrument.name);
      expect(instrument).toEqual(parseInstrument(instrument.name));
      expect(instrument).toMatchObject({ kind: 'option', base: 'BTC', settlement: 'inverse', strike: fixture.strike, expiry: fixture.expiration_timestamp });
      expect({ contractSize, tickSize, minTradeAmount }).toEqual({ contractSize: 1, tickSize: 0.0005, minTradeAmount: 0.1 });
    }
  });

  it('reads perpetuals, futures and USDC-linear options in the desk terms, and skips spot and combos', async () => {
    const common = { is_active: true, creation_timestamp: Date.UTC(2020, 0, 1), taker_commission: 0.0005, maker_commission: 0 };
    const expiry = (day: number, month: number) => Date.UTC(2020, month - 1, day, 8);
    const listing = [
      { ...common, instrument_name: 'BTC-PERPETUAL', kind: 'future', settlement_period: 'perpetual', base_currency: 'BTC', counter_currency: 'USD', quote_currency: 'USD', settlement_currency: 'BTC', contract_size: 10, min_trade_amount: 10, tick_size: 0.5, expiration_timestamp: 32503708800000, future_type: 'reversed' },
      { ...common, instrument_name: 'BTC_USDC-PERPETUAL', kind: 'future', settlement_period: 'perpetual', base_currency: 'BTC', counter_currency: 'USDC', quote_currency: 'USDC', settlement_currency: 'USDC', contract_size: 0.001, min_trade_amount: 0.001, tick_size: 1, expiration_timestamp: 32503708800000, future_type: 'linear' },
      { ...common, instrument_name: 'BTC-25SEP20', kind: 'future', settlement_period: 'month', base_currency: 'BTC', counter_currency: 'USD', quote_currency: 'USD', settlement_currency: 'BTC', contract_size: 10, min_trade_amount: 10, tick_size: 0.5, expiration_timestamp: expiry(25, 9), future_type: 'reversed' },
      { ...common, instrument_name: 'SOL_USDC-29MAY20-8d6-P', kind: 'option', option_type: 'put', strike: 8.6, settlement_period: 'week', base_currency: 'SOL', counter_currency: 'USDC', quote_currency: 'USDC', settlement_currency: 'USDC', contract_size: 1, min_trade_amount: 1, tick_size: 0.01, expiration_timestamp: expiry(29, 5) },
      { ...common, instrument_name: 'BTC_USDC', kind: 'spot', base_currency: 'BTC', counter_currency: 'USDC', quote_currency: 'USDC', settlement_currency: 'USDC', contract_size: 0.0001, min_trade_amount: 0.0001, tick_size: 1, expiration_timestamp: 32503708800000 },
      { ...common, instrument_name: 'BTC-FS-25SEP20_PERP', kind: 'future_combo', settlement_period: 'month', base_currency: 'BTC', counter_currency: 'USD', quote_currency: 'USD', settlement_currency: 'BTC', contract_size: 10, min_trade_amount: 10, tick_size: 0.5, expiration_timestamp: expiry(25, 9) },
    ];
    const venue = await startVenue({ listing });
    const adapter = startAdapter(venue);
    const btc = (await adapter.instruments('BTC')).filter((l) => l.instrument.kind !== 'option');
    expect(btc.map(({ instrument, contractSize, tickSize }) => [instrument.name, instrument.kind, instrument.settlement, contractSize, tickSize])).toEqual([
      ['BTC-PERPETUAL', 'perpetual', 'inverse', 10, 0.5],
      ['BTC_USDC-PERPETUAL', 'perpetual', 'linear', 0.001, 1],
      ['BTC-25SEP20', 'future', 'inverse', 10, 0.5],
    ]);
    const sol = await adapter.instruments('SOL');
    expect(sol.map((l) => l.instrument)).toEqual([
      { kind: 'option', name: 'SOL_USDC-29MAY20-8d6-P', base: 'SOL', settlement: 'linear', expiry: expiry(29, 5), strike: 8.6, optionType: 'put' },
    ]);
  });

  it('snapshots the option chain as the fixture recorded it, bid, ask and mark IVs as fractions', async () => {
    // One ticker request a quoted option: the venue's request limit and ccxt's spacing loosened so the test is quick.
    const venue = await startVenue({ rateLimits: { requests: { perSecond: 5000, burst: 5000 }, instruments: { perSecond: 20, burst: 5 } } });
    const chain = await startAdapter(venue, { restSpacingMs: 1 }).optionChain('BTC');
    expect(chain).toHaveLength(venue.instrumentNames().length);
    let withBothIvs = 0;
    for (const row of chain) {
      const fixture = venue.fixture(row.instrument);
      const [bid, ask] = [fixture.bids[0], fixture.asks[0]];
      expect(row).toEqual({
        instrument: row.instrument,
        time: expect.any(Number),
        bid: bid?.[0],
        bidAmount: bid?.[1],
        // Deribit's IV of 0 is "no IV" (a bid below intrinsic value has none): absent, not 0.
        bidIv: bid && fixture.bid_iv !== 0 ? fixture.bid_iv / 100 : undefined,
        ask: ask?.[0],
        askAmount: ask?.[1],
        askIv: ask && fixture.ask_iv !== 0 ? fixture.ask_iv / 100 : undefined,
        markPrice: fixture.mark_price,
        markIv: fixture.mark_iv / 100,
        underlyingPrice: fixture.underlying_price,
      });
      expect(row.markIv).toBeLessThan(5);
      if (row.bidIv !== undefined && row.askIv !== undefined) {
        withBothIvs++;
        expect(row.bidIv).toBeLessThanOrEqual(row.askIv);
      }
    }
    expect(withBothIvs).toBeGreaterThan(100);
    // Only quoted options cost a ticker request.
    const quoted = chain.filter((row) => row.bid !== undefined || row.ask !== undefined).length;
    expect(venue.requests.filter((r) => r.method === 'public/ticker')).toHaveLength(quoted);
  });

  it('paces get_instruments so the venue never refuses it', async () => {
    const venue = await startVenue({
      rateLimits: { requests: { perSecond: 20, burst: 100 }, instruments: { perSecond: 20, burst: 1 } },
    });
    const adapter = startAdapter(venue, { instrumentsIntervalMs: 60 });
    for (let i = 0; i < 3; i++) expect(await adapter.instruments('BTC')).toHaveLength(venue.instrumentNames().length);
    const calls = venue.requests.filter((r) => r.method === 'public/get_instruments');
    expect(calls).toHaveLength(3);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(55);
  });

  it('waits out a rate-limit refusal and a retry reply, then answers', async () => {
    const venue = await startVenue();
    const adapter = startAdapter(venue, { rateLimitedDelayMs: 120 });
    venue.rateLimitNext('public/get_instruments');
    venue.failNext('public/get_book_summary_by_currency', 10040, 'retry', { httpStatus: 503 });
    expect(await adapter.instruments('BTC')).toHaveLength(venue.instrumentNames().length);
    expect(await adapter.optionChain('BTC')).toHaveLength(venue.instrumentNames().length);
    const listing = venue.requests.filter((r) => r.method === 'public/get_instruments');
    expect(listing).toHaveLength(2);
    expect(listing[1]!.at - listing[0]!.at).toBeGreaterThanOrEqual(115);
    expect(venue.requests.filter((r) => r.method === 'public/get_book_summary_by_currency')).toHaveLength(2);
  });

  it('fails at once, saying why, on an error that retrying cannot fix', async () => {
    const venue = await startVenue();
    const adapter = startAdapter(venue);
    await adapter.instruments('BTC');
    venue.failNext('public/get_book_summary_by_currency', 11094, 'internal_server_error', { httpStatus: 500 });
    await expect(adapter.optionChain('BTC')).rejects.toThrow(/11094/);
    expect(venue.requests.filter((r) => r.method === 'public/get_book_summary_by_currency')).toHaveLength(1);
  });
});

describe('Deribit adapter, streaming', () => {
  it('streams books with change ids, tickers, trades and the index, normalized', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const fixture = venue.fixture(PUT);
    const [snapshot] = feed.books(PUT);
    expect(snapshot).toMatchObject({ venue: 'deribit', snapshot: true, seq: fixture.change_id, bids: fixture.bids, asks: fixture.asks });
    const ticker = await until(() => feed.find((e): e is TickerEvent => e.type === 'ticker' && e.instrument === PUT));
    expect(ticker).toMatchObject({
      markPrice: fixture.mark_price,
      markIv: fixture.mark_iv / 100,
      bidIv: fixture.bid_iv / 100,
      askIv: fixture.ask_iv / 100,
      bestBid: fixture.bids[0]![0],
      bestAsk: fixture.asks[0]![0],
      underlyingPrice: fixture.underlying_price,
      indexPrice: fixture.index_price,
    });

    const mark = feed.events.length;
    venue.changeBook(PUT, { bids: [[0.0205, 3]], asks: [[fixture.asks[0]![0], 0]] });
    const change = await until(() => feed.find(isBook, mark), 'book change');
    expect(change).toMatchObject({ snapshot: false, prevSeq: fixture.change_id, seq: fixture.change_id + 1, bids: [[0.0205, 3]], asks: [[fixture.asks[0]![0], 0]] });
    await feed.synced();
    expect(feed.state.get(PUT)!.book.bids.best()).toBe(0.0205);

    venue.trade(PUT, { price: 0.021, amount: 2.5, direction: 'sell' });
    const trade = await until(() => feed.find((e): e is TradeEvent => e.type === 'trade'), 'trade');
    expect(trade).toMatchObject({ instrument: PUT, price: 0.021, amount: 2.5, takerSide: 'sell', iv: fixture.mark_iv / 100, indexPrice: fixture.index_price });
    expect(feed.state.get(PUT)!.lastTrade).toMatchObject({ price: 0.021, amount: 2.5 });

    venue.setIndex(9301.5);
    await vi.waitFor(() => expect(feed.state.index('BTC')?.price).toBe(9301.5), WAIT);
    expect(feed.health.snapshot().counters.rejected).toEqual({ 'non-finite': 0, 'invalid-level': 0, crossed: 0, gap: 0, 'awaiting-snapshot': 0 });
  });

  it('adds instruments to the live session on a later subscribe', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT]);
    const seen: MarketEvent[] = [];
    await feed.adapter.subscribe([CALL, PUT], (event) => seen.push(event));
    await until(() => seen.find((e) => isBook(e) && e.instrument === CALL), 'second book');
    await vi.waitFor(() => {
      const [session, ...others] = [...venue.subscriptions().values()];
      expect(others).toEqual([]);
      expect(session!.filter((channel) => channel.includes(CALL)).sort()).toEqual(['book', 'ticker', 'trades'].map((kind) => `${kind}.${CALL}.100ms`));
    }, WAIT);
    // The first listener hears the new instrument too; each channel was subscribed once.
    expect(feed.books(CALL)).toHaveLength(1);
    expect(venue.requests.filter((r) => r.method === 'public/subscribe' && JSON.stringify(r.params).includes(`book.${PUT}`))).toHaveLength(1);
  });
});

describe('Deribit adapter, faults', () => {
  const reconnecting = (e: MarketEvent): e is VenueStatusEvent => isStatus(e) && e.state === 'reconnecting';

  /** The session ids the venue has open. */
  const sessions = (venue: DeribitVenue) => [...venue.subscriptions().keys()];

  it('reconnects after a dropped connection, resubscribes everything, and restarts each book from a snapshot', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    feed.watched.add(reconnecting);
    const [before] = sessions(venue);
    const mark = feed.events.length;
    expect(venue.dropConnections()).toBe(1);

    const down = await until(() => feed.find(reconnecting, mark), 'reconnecting');
    expect(down.reason).toBe('connection lost');
    expect(feed.healthAfter.get(down)).toMatchObject({ stale: true, reason: 'venue-down' });
    await feed.synced();
    expect(sessions(venue)).not.toContain(before);
    for (const name of [PUT, CALL]) expect(feed.books(name).filter((e) => e.snapshot && feed.events.indexOf(e) > mark)).toHaveLength(1);

    venue.changeBook(PUT, { bids: [[0.0195, 4]] });
    await feed.synced();
    expect(feed.health.snapshot().counters).toMatchObject({ venue: { 'connection lost': 1 }, rejected: { gap: 0, crossed: 0 } });
  });

  it('drops a silent link after the heartbeat timeout and reconnects', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const mark = feed.events.length;
    const silencedAt = performance.now();
    venue.silenceConnections();
    const down = await until(() => feed.find(reconnecting, mark), 'reconnecting');
    expect(down.reason).toBe('heartbeat timeout');
    expect(performance.now() - silencedAt).toBeGreaterThanOrEqual(300);
    await feed.synced();
    expect(feed.health.snapshot().counters.venue).toEqual({ 'heartbeat timeout': 1 });
  });

  it('reports malformed frames, drops them, and keeps the stream', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const [session] = sessions(venue);
    const { changeId } = venue.book(PUT);
    venue.sendRaw('{"jsonrpc": "2.0", "method": "subscr');
    venue.sendRaw('garbage');
    venue.sendRaw(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'subscription',
        params: { channel: `book.${PUT}.100ms`, data: { type: 'change', instrument_name: PUT, timestamp: 1, change_id: changeId + 1, prev_change_id: changeId, bids: [['new', 'abc', 1]], asks: [] } },
      }),
    );
    venue.changeBook(PUT, { asks: [[0.0232, 7]] });
    await until(() => feed.books(PUT).find((e) => e.seq === changeId + 1 && !e.snapshot), 'book change');
    await feed.synced();
    expect(sessions(venue)).toEqual([session]);
    expect(feed.health.snapshot().counters).toMatchObject({ venue: { 'malformed frame': 3 }, rejected: { gap: 0 } });
    expect(feed.state.get(PUT)!.book.asks.levels()).toContainEqual([0.0232, 7]);
  });

  it('rejects a crossed book, counts it, and resnapshots the instrument', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const crossed = (e: MarketEvent): e is BookEvent => isBook(e) && e.instrument === PUT && !e.snapshot;
    feed.watched.add(crossed);
    const mark = feed.events.length;
    venue.crossBook(PUT);
    const bad = await until(() => feed.find(crossed, mark), 'crossed change');
    expect(feed.healthAfter.get(bad)).toMatchObject({ stale: true, reason: 'awaiting-snapshot', detail: 'book crossed, awaiting snapshot' });
    await until(() => feed.books(PUT).find((e) => e.snapshot && feed.events.indexOf(e) > mark), 'new snapshot');
    await feed.synced();
    expect(feed.state.get(PUT)!.book.crossed()).toBe(false);
    expect(feed.health.snapshot().counters).toMatchObject({ rejected: { crossed: 1 }, resyncs: 1 });
    const resubscribed = venue.requests.filter((r) => r.method.endsWith('subscribe') && JSON.stringify(r.params).includes(`book.${PUT}`));
    expect(resubscribed.map((r) => r.method)).toEqual(['public/subscribe', 'public/unsubscribe', 'public/subscribe']);
  });

  it('detects a change_id gap and resnapshots the book', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const mark = feed.events.length;
    venue.skipChangeId(PUT);
    venue.changeBook(PUT, { bids: [[0.0201, 1]] });
    const snapshot = await until(() => feed.books(PUT).find((e) => e.snapshot && feed.events.indexOf(e) > mark), 'new snapshot');
    expect(snapshot.seq).toBe(venue.book(PUT).changeId);
    await feed.synced();
    expect(feed.state.get(PUT)!.book.bids.levels()).toContainEqual([0.0201, 1]);
    expect(feed.health.snapshot().counters).toMatchObject({ rejected: { gap: 1, crossed: 0 }, resyncs: 1 });
  });

  it('reconnects after a JSON-RPC error reply to a subscription', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const mark = feed.events.length;
    venue.failNext('public/subscribe', 11094, 'internal_server_error');
    venue.dropConnections();
    await until(() => feed.find((e): e is VenueStatusEvent => reconnecting(e) && e.reason !== 'connection lost', mark), 'error reconnect');
    await feed.synced();
    expect(feed.health.snapshot().counters.venue).toEqual({ 'connection lost': 1, 'rpc error 11094: internal_server_error': 1 });
  });

  it('waits out a rate-limit refusal on the websocket before reconnecting', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL], { rateLimitedDelayMs: 150 });
    const mark = feed.events.length;
    venue.rateLimitNext('public/subscribe');
    venue.dropConnections();
    await until(() => feed.find((e): e is VenueStatusEvent => reconnecting(e) && e.reason === 'rate limited (10028)', mark), 'refusal');
    await feed.synced();
    const subscribes = venue.requests.filter((r) => r.method === 'public/subscribe');
    // The first session, the one refused (and ended by the venue), and the one after the wait.
    const sessionsSeen = [...new Set(subscribes.map((r) => r.session))];
    expect(sessionsSeen).toHaveLength(3);
    const refusedAt = subscribes.find((r) => r.session === sessionsSeen[1])!.at;
    const retriedAt = subscribes.find((r) => r.session === sessionsSeen[2])!.at;
    expect(retriedAt - refusedAt).toBeGreaterThanOrEqual(145);
    expect(feed.health.snapshot().counters.venue).toEqual({ 'connection lost': 1, 'rate limited (10028)': 1 });
  });
});
