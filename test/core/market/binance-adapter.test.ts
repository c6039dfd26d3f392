/**
 * The ccxt options adapter on Binance, with the real ccxt client against the local Binance
 * (test/support/binance-venue) serving the recorded 2020-05-21 Deribit BTC chain re-shaped into
 * Binance's USDT options: the listing comes back as the desk's USDT-linear options (nothing
 * unrepresented), the chain carries USDT prices, bid/ask/mark IVs as fractions and the index,
 * books (ccxt's REST snapshot plus the diff stream) go through feed health into the market state,
 * and a rate-limit refusal, a malformed frame, a dropped link and an update-id gap are survived.
 * A desk on the local Binance quotes the USDT chain on its own board, and a USDT fill moves it.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { createDesk } from '../../../electron/core/desk';
import { binance } from '../../../electron/core/market/ccxt-options/venues';
import type { Level, VenueStatusEvent } from '../../../electron/core/market/events';
import { invokeChannels } from '../../../shared/contract/channels';
import { parseInstrument } from '../../../shared/domain/instrument';
import { BinanceVenue } from '../../support/binance-venue/server';
import { FIXTURES_DIR } from '../../support/fixtures';
import { inUsd } from '../../support/local-venue/server';
import { dropAndRecover, fastAdapter, feedOf, sendMalformed, useClosing, withLevel } from '../../support/options-feed';
import { useTempDirs } from '../../support/temp-dir';

const CHAIN = path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv');
const PUT = 'BTC-22MAY20-9250-P';
const CALL = 'BTC-29MAY20-10000-C';
const WAIT = { timeout: 5000, interval: 5 };
/** The desk's name of a Binance option: USDT-linear (Binance names it BTC-200522-9250-P). */
const desk = (name: string) => name.replace('BTC-', 'BTC_USDT-');

const closing = useClosing();
const tempDir = useTempDirs();

async function start() {
  const venue = closing(await BinanceVenue.start({ chainFile: CHAIN }));
  return { venue, adapter: closing(fastAdapter(binance, venue)) };
}

async function streaming() {
  const { venue, adapter } = await start();
  const feed = await feedOf(adapter, [PUT, CALL].map(desk));
  const inUsdt = (name: string, levels: readonly Level[]) => levels.map(([price, amount]) => [inUsd(venue.fixture(name), price), amount]);
  /** Both books subscribed, fresh, and the venue's (in USDT). */
  const synced = (books: Record<string, { bids: Level[]; asks: Level[] }> = {}) =>
    vi.waitFor(() => {
      expect(venue.subscriptions().flat().sort()).toEqual([PUT, CALL].map((name) => venue.venueName(name)).sort());
      for (const name of [PUT, CALL]) {
        expect(feed.health.health(desk(name))).toMatchObject({ stale: false });
        const wanted = books[name] ?? venue.fixture(name);
        const book = feed.state.get(desk(name))!.book;
        expect([book.bids.levels(), book.asks.levels()]).toEqual([inUsdt(name, wanted.bids), inUsdt(name, wanted.asks)]);
      }
    }, WAIT);
  await synced();
  return { venue, ...feed, synced };
}

describe('Binance options through ccxt, REST', () => {
  it('lists every option as USDT-linear in the desk names, 1 coin a contract, nothing unrepresented', async () => {
    const { venue, adapter } = await start();
    const listing = await adapter.instruments('BTC');
    expect(listing.map((l) => l.instrument.name).sort()).toEqual(venue.instrumentNames().map(desk).sort());
    for (const { instrument, contractSize, minTradeAmount, tickSize } of listing) {
      expect(instrument).toEqual(parseInstrument(instrument.name));
      expect(instrument).toMatchObject({ kind: 'option', settlement: 'linear_usdt', base: 'BTC' });
      // Binance's expiryDate is 08:00 UTC, the desk's expiry: the fixture's own.
      if (instrument.kind === 'option') expect(instrument.expiry).toBe(venue.fixture(instrument.name.replace('BTC_USDT-', 'BTC-')).expiration_timestamp);
      expect({ contractSize, minTradeAmount, tickSize }).toEqual({ contractSize: 1, minTradeAmount: 0.01, tickSize: 0.01 });
    }
    expect(adapter.unrepresented.size).toBe(0);
    expect(await adapter.instruments('ETH')).toEqual([]);
  });

  it('snapshots the chain: USDT prices, bid/ask/mark IVs as fractions, the index, at the venue time; sizes come with the books', async () => {
    const { venue, adapter } = await start();
    const chain = await adapter.optionChain('BTC');
    expect(chain).toHaveLength(venue.instrumentNames().length);
    for (const row of chain) {
      const fixture = venue.fixture(row.instrument.replace('BTC_USDT-', 'BTC-'));
      const [bid, ask] = [fixture.bids[0], fixture.asks[0]];
      expect(row).toEqual({
        instrument: row.instrument,
        time: expect.any(Number),
        bid: bid && inUsd(fixture, bid[0]),
        bidAmount: undefined,
        bidIv: bid && fixture.bid_iv !== 0 ? fixture.bid_iv / 100 : undefined,
        ask: ask && inUsd(fixture, ask[0]),
        askAmount: undefined,
        askIv: ask && fixture.ask_iv !== 0 ? fixture.ask_iv / 100 : undefined,
        // A mark under half a cent reads 0 at the venue's precision: no mark, not a free option.
        markPrice: inUsd(fixture, fixture.mark_price) || undefined,
        markIv: fixture.mark_iv / 100,
        indexPrice: venue.index(),
      });
      // The index answer's time, the venue's clock (the recording's day), not the reader's.
      expect(row.time).toBeLessThan(fixture.expiration_timestamp);
    }
    expect(venue.requests.find((r) => r.path === '/eapi/v1/index')!.query).toEqual({ underlying: 'BTCUSDT' });
  });

  it('waits out a rate-limit refusal (-1003, HTTP 429), then answers', async () => {
    const { venue, adapter } = await start();
    await adapter.instruments('BTC');
    venue.failNext('/eapi/v1/mark', -1003, 'Too many requests; current limit of IP is 6000 requests per minute.', 429);
    expect(await adapter.optionChain('BTC')).toHaveLength(venue.instrumentNames().length);
    expect(venue.requests.filter((r) => r.path === '/eapi/v1/mark')).toHaveLength(2);
  });
});

describe('Binance options through ccxt, streaming', () => {
  it('streams books in USDT (REST snapshot, then diffs) and tickers with IVs into feed health; survives a malformed frame and a dropped link', async () => {
    const feed = await streaming();
    const { venue, events, synced, after, health } = feed;
    expect(venue.requests.filter((r) => r.path === '/eapi/v1/depth').map((r) => r.query.symbol).sort()).toEqual([PUT, CALL].map((name) => venue.venueName(name)).sort());
    await after(0, (e) => e.type === 'ticker' && e.instrument === desk(PUT) && e.markIv === venue.fixture(PUT).mark_iv / 100);
    // No empty book went out while ccxt awaited a REST snapshot.
    expect(events.filter((e) => e.type === 'book' && e.bids.length === 0 && e.asks.length === 0)).toEqual([]);

    venue.changeBook(PUT, { bids: [[0.0195, 4]] });
    const moved = withLevel(venue.fixture(PUT), 'bids', [0.0195, 4]);
    await synced({ [PUT]: moved });

    const mark = await sendMalformed(venue, feed, '{"e":"depthUpdate","s":');
    // Said, and kept from ccxt's Binance class (which throws on text): the link stays up, the books live.
    venue.changeBook(CALL, { asks: [[0.0114, 2]] });
    const callMoved = withLevel(venue.fixture(CALL), 'asks', [0.0114, 2]);
    await synced({ [PUT]: moved, [CALL]: callMoved });
    expect(events.slice(mark).filter((e) => e.type === 'venue-status' && e.state === 'reconnecting')).toEqual([]);

    await dropAndRecover(venue, feed, desk(PUT));
    await synced({ [PUT]: moved, [CALL]: callMoved });
    expect(health.snapshot().counters.rejected).toMatchObject({ gap: 0, crossed: 0 });
  });

  it('takes an update-id gap (ccxt checks pu against the last u) as a broken link: reconnects and resnapshots', async () => {
    const { venue, events, synced, after } = await streaming();
    const mark = events.length;
    venue.changeBook(PUT, { bids: [[0.0195, 4]] }, { gap: true });
    const down = await after(mark, (e): e is VenueStatusEvent => e.type === 'venue-status' && e.state === 'reconnecting');
    expect(down.reason).toBe('book sequence gap');
    await synced({ [PUT]: withLevel(venue.fixture(PUT), 'bids', [0.0195, 4]) });
  });
});

describe('the desk on Binance', () => {
  it('quotes the USDT chain on its own board, priced in USDT, and a USDT fill moves it', async () => {
    const venue = closing(await BinanceVenue.start({ chainFile: CHAIN }));
    // The desk lives on the venue's clock: the recording's day, when these options were alive.
    const dealer = closing(createDesk({ dataDir: tempDir(), clock: { now: () => venue.now() }, config: { hostMode: 'browser', market: { venue: 'binance', url: venue.url } } }));
    const board = (request: object) =>
      dispatch(dealer.handlers, 'quotes.board', request).then((outcome) => {
        if (!outcome.ok) throw new Error(outcome.error.message);
        return invokeChannels['quotes.board'].response.parse(outcome.value);
      });
    const usdt = { underlying: 'BTC', settlement: 'linear_usdt', expiry: venue.fixture(PUT).expiration_timestamp };
    const shown = await vi.waitFor(
      async () => {
        const shown = await board(usdt);
        expect(shown.message).toBeNull();
        return shown;
      },
      { timeout: 20_000, interval: 100 },
    );
    // The picker offers the one chain Binance lists: BTC in USDT.
    expect(shown.chains.map(({ underlying, settlement }) => [underlying, settlement])).toEqual([['BTC', 'linear_usdt']]);
    const row = shown.expiries[0]!.rows.find((r) => r.strike === 9250)!;
    expect(row.put!.instrument).toBe(desk(PUT));
    // Theo in USDT per coin, near the venue's mark (the fixture's coin mark times its index).
    expect(row.put!.theo).toBeGreaterThan(inUsd(venue.fixture(PUT), venue.fixture(PUT).mark_price) * 0.7);
    expect(row.put!.theo).toBeLessThan(inUsd(venue.fixture(PUT), venue.fixture(PUT).mark_price) * 1.3);
    expect(await dispatch(dealer.handlers, 'fills.add', { instrument: desk(PUT), side: 'sell', size: 50, price: row.put!.theo, venue: 'binance' })).toMatchObject({ ok: true });
    expect(dealer.fills.positions()).toEqual([expect.objectContaining({ instrument: desk(PUT), currency: 'USDT', size: -50 })]);
    await vi.waitFor(
      async () => {
        const put = (await board(usdt)).expiries[0]!.rows.find((r) => r.strike === 9250)!.put!;
        expect(put.position).toBe(-50);
        expect(put.skewVolPts!).toBeGreaterThan(row.put!.skewVolPts!);
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
