/**
 * Markouts of the dealer's fills on real parts: the simulated venue stepped by hand, the market
 * session with its surfaces, the quote service's theo as the mark, a real SQLite file. A fill is
 * marked at once and at each horizon as the ticks pass it (never before); a fill entered after the
 * fact, or in an instrument the desk does not value, is not marked; the contract's channel reads
 * the markouts in USD and vol points as the dealer's P&L from the fill price.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import { ManualClock } from '../../../electron/core/clock';
import { createDesk } from '../../../electron/core/desk';
import { FRESH_FILL_MS, MarkoutTracker } from '../../../electron/core/fills/markout-tracker';
import { MarketSession, openedVenue } from '../../../electron/core/market/session';
import { SimVenue } from '../../../electron/core/market/sim/venue';
import { QuoteService } from '../../../electron/core/premium/quote-service';
import { openDatabase } from '../../../electron/core/store/database';
import { FillMarkStore } from '../../../electron/core/store/fill-mark-store';
import { FillStore } from '../../../electron/core/store/fill-store';
import { PremiumParamsStore } from '../../../electron/core/store/premium-params-store';
import { SurfaceStore } from '../../../electron/core/store/surface-store';
import { invokeChannels } from '../../../shared/contract/channels';
import { MARKOUT_HORIZONS_MS } from '../../../shared/domain/markout';
import { atTheMoney, SIM_START, SMALL_LISTING } from '../../support/sim-market';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function markingDesk() {
  const clock = new ManualClock(SIM_START);
  const venue = new SimVenue({ seed: 3, start: SIM_START, stepMs: 1_000, listing: SMALL_LISTING });
  const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
  const fills = new FillStore(db);
  const marks = new FillMarkStore(db);
  const errors: string[] = [];
  let service: QuoteService | null = null;
  let tracker: MarkoutTracker | null = null;
  /** The desk's mark of the watched instrument at each tick, to check what was stored against. */
  const seen: { time: number; mark: number | null }[] = [];
  const watched = { instrument: '' };
  const session = new MarketSession(openedVenue(venue, 'sim · seed 3'), {
    clock,
    store: new SurfaceStore(db),
    onTick: () => {
      service?.refresh();
      seen.push({ time: clock.now(), mark: service?.markOf(watched.instrument)?.mark ?? null });
      tracker?.poll();
    },
  });
  service = new QuoteService({ clock, session, fills, params: new PremiumParamsStore(db), journal: null });
  const quoting = service;
  tracker = new MarkoutTracker(marks, (instrument) => quoting.markOf(instrument), clock, (message) => errors.push(message));
  open.push({ close: () => void db.close() }, session);
  await session.start();
  const step = (ms: number) => {
    clock.advance(ms);
    venue.market.advanceTo(clock.now());
    session.tick();
  };
  return { clock, venue, session, service, fills, marks, tracker, errors, seen, watched, step };
}

describe('markouts of the dealer fills', () => {
  it('marks an option fill at the desk theo at once and at each horizon as it passes, and nothing else', async () => {
    const { clock, venue, service, fills, marks, tracker, errors, seen, watched, step } = await markingDesk();
    const option = atTheMoney(venue.market, 'BTC', 'call', 7);
    watched.instrument = option.name;
    const at = service.markOf(option.name)!;
    expect(at.mark).toBeGreaterThan(0);
    expect(at.vegaPrice).toBeGreaterThan(0);
    expect(at.usdPerPrice).toBeCloseTo(venue.market.fairValue(option.name).forward, -1); // inverse: USD per coin
    const add = (instrument: string, time: number) => {
      const { fill } = fills.add({ instrument, side: 'sell', size: 3, price: at.mark * 1.02, fee: 0, time, venue: 'sim', source: 'manual' }, clock.now());
      tracker.track(fill);
      return fill;
    };
    const fill = add(option.name, clock.now());
    add('BTC-PERPETUAL', clock.now()); // a hedge: not an option the engine values
    add(option.name, clock.now() - FRESH_FILL_MS - 1); // entered after the fact
    expect(tracker.following).toBe(1);
    expect(marks.marked().map((row) => row.fillId)).toEqual([fill.id]);

    const stored = () => marks.marked()[0]!;
    expect(stored()).toMatchObject({ fillId: fill.id, instrument: option.name, side: 'sell', size: 3, mark: at.mark, vegaPrice: at.vegaPrice, after: [null, null, null, null, null] });
    // One-second ticks: each horizon's mark is the one of the first tick at or after it, and not before.
    for (let t = 1; t <= 300; t++) {
      step(1_000);
      const passed = MARKOUT_HORIZONS_MS.filter((h) => h <= t * 1_000).length;
      expect(stored().after.filter((mark) => mark !== null)).toHaveLength(passed);
    }
    MARKOUT_HORIZONS_MS.forEach((h, k) => {
      const tick = seen.find((s) => s.time >= fill.time + h)!;
      expect(stored().after[k]).toBe(tick.mark);
    });
    expect(new Set(stored().after).size).toBeGreaterThan(1); // the market moved over five minutes
    expect(tracker.following).toBe(0);
    expect(errors).toEqual([]);
  });

  it('leaves the horizons the desk did not live to see empty', async () => {
    const { clock, venue, service, fills, marks, tracker, step } = await markingDesk();
    const option = atTheMoney(venue.market, 'ETH', 'put', 7);
    const { fill } = fills.add({ instrument: option.name, side: 'buy', size: 1, price: service.markOf(option.name)!.mark, fee: 0, time: clock.now(), venue: 'sim', source: 'manual' }, clock.now());
    tracker.track(fill);
    for (let t = 0; t < 6; t++) step(1_000); // closed after six seconds
    expect(marks.marked()[0]!.after.map((mark) => mark !== null)).toEqual([true, true, false, false, false]);
  });
});

describe('fills.markouts', () => {
  it('reads the same fills as fills.list with the dealer P&L to each horizon, in USD and vol points', async () => {
    const clock = new ManualClock(SIM_START);
    const desk = createDesk({ dataDir: tempDir(), clock, config: { hostMode: 'cli' } });
    open.push(desk);
    const add = async (side: 'buy' | 'sell', price: number) => {
      clock.advance(1_000);
      const outcome = await dispatch(desk.handlers, 'fills.add', { instrument: 'BTC-27FEB26-100000-C', side, size: 2, price, venue: 'sim' });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      return (outcome.value as { id: number }).id;
    };
    const bought = await add('buy', 0.05);
    const sold = await add('sell', 0.06);
    const unmarked = await add('buy', 0.04);
    // What the tracker writes: the mark at the fill (theo 0.052), then the marks as horizons pass.
    desk.fillMarks.open(bought, { mark: 0.052, vegaPrice: 0.0005, usdPerPrice: 95_000 });
    desk.fillMarks.record(bought, 0, 0.053);
    desk.fillMarks.record(bought, 4, 0.049);
    desk.fillMarks.open(sold, { mark: 0.058, vegaPrice: 0.0005, usdPerPrice: 95_000 });
    desk.fillMarks.record(sold, 1, 0.061);

    const outcome = await dispatch(desk.handlers, 'fills.markouts', { limit: 10 });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    const answer = invokeChannels['fills.markouts'].response.parse(outcome.value);
    expect(answer.horizonsMs).toEqual([...MARKOUT_HORIZONS_MS]);
    expect(answer.fills.map((f) => f.fillId)).toEqual([sold, bought]); // newest first, the unmarked one left out
    const [s, b] = answer.fills;
    // Bought 2 at 0.05 marked 0.052: +0.004 BTC = 380 USD of edge; 0.053 after 1 s: +570; 0.049 after 5 min: -190.
    expect(b!.edgeUsd).toBeCloseTo(380, 9);
    expect(b!.markoutsUsd).toEqual([expect.closeTo(570, 9), null, null, null, expect.closeTo(-190, 9)]);
    expect(b!.markoutsVolPts[4]).toBeCloseTo(-0.001 / 0.0005, 12);
    // Sold 2 at 0.06, marked 0.058 (+380 of edge) and 0.061 after 5 s: the dealer is 190 USD down.
    expect(s!.edgeUsd).toBeCloseTo(380, 9);
    expect(s!.markoutsUsd[1]).toBeCloseTo(-190, 9);
    expect(s!.markoutsVolPts[1]).toBeCloseTo(-2, 12);

    // The same range and limit as fills.list: the newest fill alone is the unmarked one.
    const newest = await dispatch(desk.handlers, 'fills.markouts', { limit: 1 });
    expect(newest).toMatchObject({ ok: true, value: { fills: [] } });
    expect(unmarked).toBeGreaterThan(sold);
  });
});
