/**
 * The premium engine on a live (simulated) market: the embedded simulator streams through feed
 * health into the market state, surfaces come from the simulator's own SVI slices (its truth), and
 * quotes are journaled in a real SQLite file. Theo matches the simulator's fair value, a fill moves
 * every quote of the book, a stale feed halts quoting with the reason, and only changes are published.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { FeedHealth } from '../../../electron/core/market/feed-health';
import { MarketState } from '../../../electron/core/market/market-state';
import { SimVenue } from '../../../electron/core/market/sim/venue';
import { LiveQuotes } from '../../../electron/core/premium/live-quotes';
import { openDatabase } from '../../../electron/core/store/database';
import { PremiumParamsStore } from '../../../electron/core/store/premium-params-store';
import { QuoteJournal } from '../../../electron/core/store/quote-journal';
import { VolSurface } from '../../../electron/core/surface/vol-surface';
import { SIM_START, SMALL_LISTING } from '../../support/sim-market';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('live quotes on the simulated market', () => {
  it('quotes every option at the simulator fair value plus premium, moves on a fill, halts on a stale feed', async () => {
    const venue = new SimVenue({ seed: 4, start: SIM_START, listing: SMALL_LISTING, stepMs: 1_000 });
    const clock = new ManualClock(SIM_START);
    const state = new MarketState();
    const health = new FeedHealth(state, { clock, staleAfterMs: 2_000 });
    const options = venue.market.options();
    const names = options.map((o) => o.name);
    health.track('sim', names);
    await venue.subscribe(names, health.listener);
    const surfaceOf = (base: string) =>
      new VolSurface(venue.market.slices(base).map(({ expiry, years, forward, params }) => ({ expiry, T: years, forward, svi: params })));

    const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    const params = new PremiumParamsStore(db).current(SIM_START);
    const journal = new QuoteJournal(db);
    const live = new LiveQuotes({ clock, params, journal }, options, new Map());

    const first = live.refresh(state, (name) => health.health(name), surfaceOf);
    expect(first.length).toBe(options.length * params.params.sizes.length);
    for (const option of options.slice(0, 40)) {
      const [quote] = live.quotesOf(option.name);
      const fair = venue.market.fairValue(option.name);
      expect(quote!.theo / fair.price).toBeCloseTo(1, 9);
      if (quote!.bid !== null) expect(quote!.bid).toBeLessThan(quote!.theo);
      expect(quote!.ask!).toBeGreaterThan(quote!.theo);
    }
    expect(live.refresh(state, (name) => health.health(name), surfaceOf)).toHaveLength(0); // nothing moved

    // The dealer sells 200 of the first call: every option's inventory term moves (and some quotes with it).
    const call = options.find((o) => o.optionType === 'call' && o.base === 'BTC')!;
    const before = live.quotesOf(call.name)[0]!.premium.inventory.ask;
    live.fill(call.name, -200);
    const moved = live.refresh(state, (name) => health.health(name), surfaceOf);
    expect(moved.length).toBeGreaterThan(0);
    expect(live.quotesOf(call.name)[0]!.premium.inventory.ask).toBeGreaterThan(before);

    // The market goes quiet past the stale threshold: nothing is quoted, and each quote says why.
    clock.advance(5_000);
    const halted = live.refresh(state, (name) => health.health(name), surfaceOf);
    expect(halted.length).toBe(options.length * params.params.sizes.length);
    expect(live.quotesOf(call.name)[0]).toMatchObject({ bid: null, ask: null, suppressed: { side: 'both', limit: 'stale: stale' } });
    expect(journal.history(call.name).at(-1)).toMatchObject({ bid: null, ask: null, limits: { bid: 'stale: stale', ask: 'stale: stale' } });

    // The venue ticks again: quotes come back.
    venue.market.advanceTo(clock.now());
    const back = live.refresh(state, (name) => health.health(name), surfaceOf);
    expect(back.length).toBeGreaterThan(0);
    expect(live.quotesOf(call.name)[0]!.ask).not.toBeNull();
    await venue.close();
    db.close();
  });
});
