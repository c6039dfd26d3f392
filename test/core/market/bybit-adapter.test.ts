/**
 * The ccxt options adapter on Bybit, with the real ccxt client against the local Bybit
 * (test/support/bybit-venue) serving the recorded 2020-05-21 Deribit BTC chain re-shaped into
 * Bybit's USDC options (prices in USDC) and their USDT-settled twins: the listing comes back as
 * the desk's USDC- and USDT-linear options, nothing unrepresented, the chain carries bid/ask/mark
 * IVs as fractions, books of both settlements stream through feed health into the market state,
 * and a rate-limit refusal, a dropped link and a malformed frame are survived.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { bybit } from '../../../electron/core/market/ccxt-options/venues';
import type { Level } from '../../../electron/core/market/events';
import { parseInstrument } from '../../../shared/domain/instrument';
import { BybitVenue } from '../../support/bybit-venue/server';
import { FIXTURES_DIR } from '../../support/fixtures';
import { inUsd } from '../../support/local-venue/server';
import { dropAndRecover, fastAdapter, feedOf, sendMalformed, useClosing, withLevel } from '../../support/options-feed';

const CHAIN = path.join(FIXTURES_DIR, 'btc-chain-2020-05-21.csv');
const PUT = 'BTC-22MAY20-9250-P';
const CALL = 'BTC-29MAY20-10000-C';
const WAIT = { timeout: 5000, interval: 5 };
/** The desk's name of a Bybit USDC option (Bybit names it as Deribit names an inverse one), and of its USDT twin. */
const desk = (name: string) => name.replace('BTC-', 'BTC_USDC-');
const deskUsdt = (name: string) => name.replace('BTC-', 'BTC_USDT-');
/** The fixture name (Deribit's) of a desk name of either settlement. */
const fixtureName = (name: string) => name.replace(/^BTC_USD[CT]-/, 'BTC-');

const closing = useClosing();

async function start() {
  const venue = closing(await BybitVenue.start({ chainFile: CHAIN }));
  return { venue, adapter: closing(fastAdapter(bybit, venue)) };
}

describe('Bybit options through ccxt', () => {
  it('lists the USDC and the USDT options as linear in the desk names, nothing unrepresented', async () => {
    const { venue, adapter } = await start();
    const listing = await adapter.instruments('BTC');
    const names = venue.instrumentNames();
    expect(listing.map((l) => l.instrument.name).sort()).toEqual([...names.map(desk), ...names.map(deskUsdt)].sort());
    for (const { instrument, contractSize, minTradeAmount } of listing) {
      expect(instrument).toEqual(parseInstrument(instrument.name));
      expect(instrument).toMatchObject({ kind: 'option', settlement: instrument.name.includes('_USDT') ? 'linear_usdt' : 'linear', base: 'BTC' });
      expect({ contractSize, minTradeAmount }).toEqual({ contractSize: 1, minTradeAmount: 0.01 });
    }
    expect(adapter.unrepresented.size).toBe(0);
  });

  it('snapshots the chain: USDC prices, sizes, bid/ask/mark IVs as fractions, forward and index', async () => {
    const { venue, adapter } = await start();
    const chain = await adapter.optionChain('BTC');
    expect(chain).toHaveLength(2 * venue.instrumentNames().length);
    for (const row of chain) {
      const fixture = venue.fixture(fixtureName(row.instrument));
      const [bid, ask] = [fixture.bids[0], fixture.asks[0]];
      expect(row).toEqual({
        instrument: row.instrument,
        time: expect.any(Number),
        bid: bid && inUsd(fixture, bid[0]),
        bidAmount: bid?.[1],
        bidIv: bid && fixture.bid_iv !== 0 ? fixture.bid_iv / 100 : undefined,
        ask: ask && inUsd(fixture, ask[0]),
        askAmount: ask?.[1],
        askIv: ask && fixture.ask_iv !== 0 ? fixture.ask_iv / 100 : undefined,
        // A mark under half a cent reads 0 at the venue's precision: no mark, not a free option.
        markPrice: inUsd(fixture, fixture.mark_price) || undefined,
        markIv: fixture.mark_iv / 100,
        underlyingPrice: fixture.underlying_price,
        indexPrice: fixture.index_price,
      });
      // The answer's time, the venue's clock (the recording's day), not the reader's.
      expect(row.time).toBeLessThan(fixture.expiration_timestamp);
    }
  });

  it('waits out a rate-limit refusal (10006), then answers', async () => {
    const { venue, adapter } = await start();
    await adapter.instruments('BTC');
    venue.failNext('/v5/market/tickers', 10006, 'Too many visits!', 429);
    expect(await adapter.optionChain('BTC')).toHaveLength(2 * venue.instrumentNames().length);
    expect(venue.requests.filter((r) => r.path === '/v5/market/tickers')).toHaveLength(2);
  });

  it('streams books of both settlements into feed health, and survives a dropped link and a malformed frame', async () => {
    const { venue, adapter } = await start();
    // The USDT twin of the put quotes the put's book: one change moves both.
    const names = [desk(PUT), desk(CALL), deskUsdt(PUT)];
    const feed = await feedOf(adapter, names);
    const { state, health, after } = feed;
    const inUsdc = (name: string, levels: Level[]) => levels.map(([price, amount]) => [inUsd(venue.fixture(name), price), amount]);
    const synced = (books: Record<string, { bids: Level[]; asks: Level[] }> = {}) =>
      vi.waitFor(() => {
        expect(venue.subscriptions().map((ids) => ids.sort())).toEqual([[PUT, CALL, `${PUT}-USDT`].sort()]);
        for (const name of names) {
          expect(health.health(name)).toMatchObject({ stale: false });
          const wanted = books[fixtureName(name)] ?? venue.fixture(fixtureName(name));
          const book = state.get(name)!.book;
          expect([book.bids.levels(), book.asks.levels()]).toEqual([inUsdc(fixtureName(name), wanted.bids), inUsdc(fixtureName(name), wanted.asks)]);
        }
      }, WAIT);
    await synced();
    for (const name of [desk(PUT), deskUsdt(PUT)]) await after(0, (e) => e.type === 'ticker' && e.instrument === name && e.markIv === venue.fixture(PUT).mark_iv / 100);

    venue.changeBook(PUT, { bids: [[0.0195, 4]] });
    const moved = withLevel(venue.fixture(PUT), 'bids', [0.0195, 4]);
    await synced({ [PUT]: moved });

    await sendMalformed(venue, feed, '{"topic": "orderbook.25.');
    await dropAndRecover(venue, feed, desk(PUT));
    await synced({ [PUT]: moved });
  });
});
