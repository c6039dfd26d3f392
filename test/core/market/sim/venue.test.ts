import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/core/clock';
import type { MarketEvent } from '../../../../electron/core/market/events';
import type { VenueAdapter } from '../../../../electron/core/market/venue';
import { SimVenue } from '../../../../electron/core/market/sim/venue';
import { SIM_START, SMALL_LISTING } from '../../../support/sim-market';

const venueOptions = { seed: 2, start: SIM_START, listing: SMALL_LISTING };

describe('the simulated market as a venue', () => {
  it('lists each coin: the perpetual and its options with contract terms', async () => {
    const venue: VenueAdapter = new SimVenue(venueOptions);
    const btc = await venue.instruments('BTC');
    expect(btc[0]).toEqual({ instrument: { kind: 'perpetual', name: 'BTC-PERPETUAL', base: 'BTC', settlement: 'inverse' }, contractSize: 10, minTradeAmount: 1, tickSize: 0.5 });
    const option = btc.find((l) => l.instrument.kind === 'option')!;
    expect(option).toMatchObject({ contractSize: 1, minTradeAmount: 0.1, tickSize: 0.0001 });
    const sol = await venue.instruments('SOL');
    expect(sol.find((l) => l.instrument.kind === 'option')).toMatchObject({ contractSize: 1, tickSize: 0.01, instrument: { settlement: 'linear' } });
    await expect(venue.instruments('DOGE')).rejects.toThrow(/no coin DOGE/);
  });

  it('snapshots a chain: two-sided rows with IVs as fractions and the expiry forward', async () => {
    const venue = new SimVenue(venueOptions);
    const rows = await venue.optionChain('ETH');
    expect(rows.length).toBe((await venue.instruments('ETH')).length - 1);
    const twoSided = rows.filter((r) => r.bid !== undefined && r.ask !== undefined);
    expect(twoSided.length).toBeGreaterThan(rows.length / 2);
    for (const row of twoSided) {
      expect(row.bid!).toBeLessThan(row.ask!);
      expect(row.markIv!).toBeGreaterThan(0.1);
      expect(row.markIv!).toBeLessThan(3);
      expect(row.underlyingPrice!).toBeGreaterThan(row.indexPrice!);
    }
  });

  it('streams to each subscriber its own instruments and their coins index, from a snapshot, until close', async () => {
    const venue = new SimVenue(venueOptions);
    const [call] = venue.market.options('BTC');
    const first: MarketEvent[] = [];
    const second: MarketEvent[] = [];
    await venue.subscribe([call!.name], (e) => first.push(e));
    await venue.subscribe(['SOL_USDC-PERPETUAL'], (e) => second.push(e));
    expect(first.slice(0, 3).map((e) => e.type)).toEqual(['venue-status', 'book', 'ticker']);
    expect(second.slice(0, 3).map((e) => e.type)).toEqual(['venue-status', 'book', 'ticker']);
    venue.advance(1_000);
    const names = (events: MarketEvent[]) => new Set(events.map((e) => (e.type === 'index' ? `index:${e.underlying}` : 'instrument' in e ? e.instrument : e.type)));
    expect(names(first)).toEqual(new Set(['venue-status', call!.name, 'index:BTC']));
    expect(names(second)).toEqual(new Set(['venue-status', 'SOL_USDC-PERPETUAL', 'index:SOL']));
    await venue.close();
    expect(first.at(-1)).toMatchObject({ type: 'venue-status', state: 'disconnected' });
    const count = first.length;
    venue.advance(1_000);
    expect(first.length).toBe(count);
  });

  it('paced by a clock, moves simulated time on its own (here 40x real time)', async () => {
    const venue = new SimVenue({ ...venueOptions, start: SIM_START, pace: { clock: systemClock, speed: 40 } });
    const events: MarketEvent[] = [];
    await venue.subscribe(['BTC-PERPETUAL'], (e) => events.push(e));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await venue.close();
    const elapsed = venue.market.time - SIM_START;
    expect(elapsed).toBeGreaterThanOrEqual(4_000);
    expect(elapsed).toBeLessThanOrEqual(40 * 1_000);
    expect(events.filter((e) => e.type === 'ticker').length).toBeGreaterThan(10);
  });
});
