/**
 * The ccxt options adapter on OKX, with the real ccxt client against the local OKX
 * (test/support/okx-venue) serving the recorded 2020-05-21 Deribit BTC chain re-shaped into OKX's
 * responses: the listing and the chain come back in the desk's names and units (amounts in BTC
 * from 0.01 BTC contracts, IVs as fractions), books stream through feed health into the market
 * state, tickers with IVs come from the polled chain, and the faults are survived: a dropped
 * link, a malformed frame, a sequence gap, a rate-limit refusal. Delays are shortened through the
 * adapter's options; nothing waits on a fixed sleep, only on the events themselves.
 */
import path from 'node:path';
import ccxt from 'ccxt';
import { describe, expect, it, vi } from 'vitest';
import { instrumentOfMarket } from '../../../electron/core/market/ccxt-instruments';
import { CcxtOptionsAdapter, type CcxtOptionsAdapterOptions } from '../../../electron/core/market/ccxt-options/adapter';
import { okx } from '../../../electron/core/market/ccxt-options/venues';
import type { BookEvent, Level, MarketEvent, TickerEvent, VenueStatusEvent } from '../../../electron/core/market/events';
import { parseInstrument } from '../../../shared/domain/instrument';
import { FIXTURES_DIR } from '../../support/fixtures';
import { OKX_BTC_CONTRACT, OkxVenue } from '../../support/okx-venue/server';
import { fastAdapter, feedOf, sendMalformed, useClosing } from '../../support/options-feed';

const CHAIN = path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv');
const PUT = 'BTC-22MAY20-9250-P';
const CALL = 'BTC-29MAY20-10000-C';
const WAIT = { timeout: 5000, interval: 5 };

const closing = useClosing();

async function startVenue(): Promise<OkxVenue> {
  return closing(await OkxVenue.start({ chainFile: CHAIN }));
}

function startAdapter(venue: OkxVenue, options: CcxtOptionsAdapterOptions = {}): CcxtOptionsAdapter {
  return closing(fastAdapter(okx, venue, options));
}

/** Amounts compared to the nano-coin: contracts of 0.01 BTC times 0.01 are not exact in binary. */
const rounded = (levels: readonly Level[]) => levels.map(([price, amount]) => [price, Math.round(amount * 1e9) / 1e9]);

async function streaming(venue: OkxVenue, instruments: string[]) {
  const adapter = startAdapter(venue);
  const feed = await feedOf(adapter, instruments);
  const { state, health } = feed;
  /** Every instrument subscribed once, fresh, its book the venue's (in BTC). */
  const synced = (books: Record<string, { bids: Level[]; asks: Level[] }> = {}) =>
    vi.waitFor(() => {
      expect(venue.subscriptions().map((ids) => ids.sort())).toEqual([instruments.map((name) => venue.venueName(name)).sort()]);
      for (const instrument of instruments) {
        expect(health.health(instrument)).toMatchObject({ stale: false });
        const fixture = venue.fixture(instrument);
        const wanted = books[instrument] ?? { bids: fixture.bids, asks: fixture.asks };
        const book = state.get(instrument)!.book;
        expect([rounded(book.bids.levels()), rounded(book.asks.levels())]).toEqual([rounded(wanted.bids), rounded(wanted.asks)]);
      }
    }, WAIT);
  await synced();
  return { adapter, ...feed, synced };
}

const reconnecting = (e: MarketEvent): e is VenueStatusEvent => e.type === 'venue-status' && e.state === 'reconnecting';
const isSnapshotOf = (name: string) => (e: MarketEvent): e is BookEvent => e.type === 'book' && e.instrument === name && e.snapshot;

describe('OKX options through ccxt, REST', () => {
  it("lists every option under the desk's name, coin-settled, in BTC amounts", async () => {
    const venue = await startVenue();
    const adapter = startAdapter(venue);
    const listing = await adapter.instruments('BTC');
    expect(listing.map((l) => l.instrument.name).sort()).toEqual(venue.instrumentNames().sort());
    for (const { instrument, contractSize, tickSize, minTradeAmount } of listing) {
      const fixture = venue.fixture(instrument.name);
      expect(instrument).toEqual(parseInstrument(instrument.name));
      expect(instrument).toMatchObject({ kind: 'option', settlement: 'inverse', strike: fixture.strike, expiry: fixture.expiration_timestamp });
      expect({ contractSize, tickSize, minTradeAmount }).toEqual({ contractSize: OKX_BTC_CONTRACT, tickSize: 0.0005, minTradeAmount: OKX_BTC_CONTRACT });
    }
    expect(adapter.unrepresented.size).toBe(0);
    expect(await adapter.instruments('ETH')).toEqual([]);
  });

  it('snapshots the chain: quotes, sizes in BTC, the mark, bid/ask/mark IVs as fractions and the forward', async () => {
    const venue = await startVenue();
    const chain = await startAdapter(venue).optionChain('BTC');
    expect(chain).toHaveLength(venue.instrumentNames().length);
    let withBothIvs = 0;
    for (const row of chain) {
      const fixture = venue.fixture(row.instrument);
      const [bid, ask] = [fixture.bids[0], fixture.asks[0]];
      expect({ ...row, bidAmount: row.bidAmount && Math.round(row.bidAmount * 1e9) / 1e9, askAmount: row.askAmount && Math.round(row.askAmount * 1e9) / 1e9 }).toEqual({
        instrument: row.instrument,
        time: fixture.timestamp,
        bid: bid?.[0],
        bidAmount: bid?.[1],
        // 0 is "no IV" (a bid below intrinsic value has none): absent, not 0.
        bidIv: bid && fixture.bid_iv !== 0 ? fixture.bid_iv / 100 : undefined,
        ask: ask?.[0],
        askAmount: ask?.[1],
        askIv: ask && fixture.ask_iv !== 0 ? fixture.ask_iv / 100 : undefined,
        // A mark of 0 (a worthless far option) reads as no mark, as a 0 price or IV does.
        markPrice: fixture.mark_price || undefined,
        markIv: fixture.mark_iv / 100,
        underlyingPrice: fixture.underlying_price,
      });
      if (row.bidIv !== undefined && row.askIv !== undefined) withBothIvs++;
    }
    expect(withBothIvs).toBeGreaterThan(100);
  });

  it('waits out a rate-limit refusal (50011), then answers; fails at once on an error retrying cannot fix', async () => {
    const venue = await startVenue();
    const adapter = startAdapter(venue);
    await adapter.instruments('BTC');
    venue.failNext('/api/v5/market/tickers', '50011', 'Too Many Requests', 429);
    const askedAt = performance.now();
    expect(await adapter.optionChain('BTC')).toHaveLength(venue.instrumentNames().length);
    const tickers = venue.requests.filter((r) => r.path === '/api/v5/market/tickers');
    expect(tickers).toHaveLength(2);
    expect(tickers[1]!.at - askedAt).toBeGreaterThanOrEqual(95);

    venue.failNext('/api/v5/public/opt-summary', '51001', "Instrument ID doesn't exist.");
    await expect(adapter.optionChain('BTC')).rejects.toThrow(/51001/);
  });

  it("says why a market the desk's model cannot represent is skipped (ccxt's own parsing of OKX instruments)", () => {
    const exchange = new ccxt.okx();
    const terms = (info: object) => instrumentOfMarket(exchange.parseMarket(info)!);
    const instrument = {
      instType: 'OPTION', instId: 'BTC-USD-200529-10000-C', uly: 'BTC-USD', instFamily: 'BTC-USD', settleCcy: 'BTC', ctVal: '0.01',
      optType: 'C', stk: '10000', expTime: String(Date.UTC(2020, 4, 29, 8)), tickSz: '0.0005', lotSz: '1', minSz: '1', state: 'live',
    };
    expect(terms(instrument)).toMatchObject({ ok: true, instrument: { name: 'BTC-29MAY20-10000-C' } });
    expect(terms({ ...instrument, uly: 'BTC-USDT', settleCcy: 'USDT' })).toMatchObject({ ok: true, instrument: { name: 'BTC_USDT-29MAY20-10000-C', settlement: 'linear_usdt' } });
    expect(terms({ ...instrument, uly: 'BTC-EUR', settleCcy: 'EUR' })).toEqual({
      ok: false,
      reason: "settles in EUR; the desk's linear instruments settle in USDC or USDT",
    });
    expect(terms({ ...instrument, expTime: String(Date.UTC(2020, 4, 29, 9)) })).toEqual({
      ok: false,
      reason: 'expires at 2020-05-29T09:00:00.000Z, not 08:00 UTC',
    });
  });
});

describe('OKX options through ccxt, streaming', () => {
  it('streams books in BTC amounts and tickers with IVs into feed health and the market state', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const ticker = await feed.after(0, (e): e is TickerEvent => e.type === 'ticker' && e.instrument === PUT);
    const fixture = venue.fixture(PUT);
    expect(ticker).toMatchObject({ venue: 'okx', bestBid: fixture.bids[0]![0], bidIv: fixture.bid_iv / 100, askIv: fixture.ask_iv / 100, markIv: fixture.mark_iv / 100 });

    const changed = { bids: [[0.0195, 4] as Level], asks: [[0.023, 0] as Level] };
    venue.changeBook(PUT, changed);
    await feed.synced({
      [PUT]: { bids: [...fixture.bids, ...changed.bids].sort((a, b) => b[0] - a[0]), asks: fixture.asks.slice(1) },
    });
    expect(feed.health.snapshot().counters.rejected).toMatchObject({ gap: 0, crossed: 0 });
  });

  it('reconnects after a dropped connection, resubscribes, and restarts each book from a snapshot', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const mark = feed.events.length;
    venue.dropConnections();
    const down = await feed.after(mark, reconnecting);
    expect(down.reason).toBe('connection lost');
    await feed.after(mark, isSnapshotOf(PUT));
    await feed.synced();
    expect(feed.health.snapshot().counters.venue).toEqual({ 'connection lost': 1 });
  });

  it('reports a malformed frame and keeps the stream', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const mark = await sendMalformed(venue, feed, '{"arg": {"channel": "books", "instId"');
    venue.changeBook(CALL, { bids: [[0.001, 2]] });
    const fixture = venue.fixture(CALL);
    const bids: Level[] = [...fixture.bids.filter(([price]) => price !== 0.001), [0.001, 2]];
    await feed.synced({ [CALL]: { bids: bids.sort((a, b) => b[0] - a[0]), asks: fixture.asks } });
    expect(feed.events.slice(mark).some(reconnecting)).toBe(false);
  });

  it('reconnects after an error event on the websocket, and resubscribes', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const mark = feed.events.length;
    venue.sendError('60012', 'Invalid request: {"op": "subscribe"}');
    const down = await feed.after(mark, reconnecting);
    expect(down.reason).toMatch(/60012/);
    await feed.after(mark, isSnapshotOf(CALL));
    await feed.synced();
  });

  it('a crossed book is rejected and counted; the next update, a whole book again, heals it', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const fixture = venue.fixture(PUT);
    venue.changeBook(PUT, { bids: [[0.024, 1]] });
    await vi.waitFor(() => expect(feed.health.snapshot().counters.rejected.crossed).toBe(1), WAIT);
    expect(feed.health.health(PUT)).toMatchObject({ stale: true, reason: 'awaiting-snapshot' });
    venue.changeBook(PUT, { bids: [[0.024, 0]] });
    await feed.synced({ [PUT]: { bids: fixture.bids, asks: fixture.asks } });
  });

  it('takes a sequence gap (ccxt checks seqId) as a broken link: reconnects and resnapshots', async () => {
    const venue = await startVenue();
    const feed = await streaming(venue, [PUT, CALL]);
    const mark = feed.events.length;
    venue.changeBook(PUT, { bids: [[0.0195, 4]] }, { gap: true });
    const down = await feed.after(mark, reconnecting);
    expect(down.reason).toBe('book sequence gap');
    const fixture = venue.fixture(PUT);
    await feed.synced({ [PUT]: { bids: [...fixture.bids, [0.0195, 4] as Level].sort((a, b) => b[0] - a[0]), asks: fixture.asks } });
  });
});
