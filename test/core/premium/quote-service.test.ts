/**
 * The desk's quotes on its live market, on real parts: the simulated venue stepped by hand, the
 * market session with its surfaces, a real SQLite store with the fills, the parameter sets and the
 * quote journal. The board and the breakdown are parsed with the contract's schemas; their numbers
 * are checked against each other (the terms add up to the price) and against the trade (a fill
 * skews the board, a new parameter set reprices it).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/clock';
import { MarketSession, openedVenue } from '../../../electron/core/market/session';
import { SimVenue } from '../../../electron/core/market/sim/venue';
import { premiumParams } from '../../../electron/core/premium/params';
import { QuoteRequestError, QuoteService } from '../../../electron/core/premium/quote-service';
import { openDatabase } from '../../../electron/core/store/database';
import { FillStore } from '../../../electron/core/store/fill-store';
import { PremiumParamsStore } from '../../../electron/core/store/premium-params-store';
import { QuoteJournal } from '../../../electron/core/store/quote-journal';
import { SurfaceStore } from '../../../electron/core/store/surface-store';
import { QuoteBoard, QuoteBreakdown, type BoardQuote } from '../../../shared/contract/quotes';
import { SIM_START, SMALL_LISTING } from '../../support/sim-market';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function quotingDesk() {
  const clock = new ManualClock(SIM_START);
  const venue = new SimVenue({ seed: 5, start: SIM_START, stepMs: 1_000, listing: SMALL_LISTING });
  const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
  const fills = new FillStore(db);
  const params = new PremiumParamsStore(db);
  const journal = new QuoteJournal(db);
  const updates: { asOf: number; changed: number }[] = [];
  let service: QuoteService | null = null;
  const session = new MarketSession(openedVenue(venue, 'sim · seed 5'), { clock, store: new SurfaceStore(db), onTick: () => service?.refresh() });
  service = new QuoteService({ clock, session, fills, params, journal, onUpdate: (update) => updates.push(update) });
  open.push({ close: () => void db.close() }, session);
  await session.start(); // lists, subscribes and ticks once: surfaces calibrated, quotes refreshed
  return { clock, venue, session, service, fills, params, journal, updates };
}

const quotes = (board: QuoteBoard): BoardQuote[] => board.expiries.flatMap((e) => e.rows.flatMap((row) => [row.call, row.put])).filter((q) => q !== null);

describe('the quote service on the simulated market', () => {
  it('answers a board per chain: ladders by expiry and strike, quoted around theo, next to the market', async () => {
    const { service, venue, updates } = await quotingDesk();
    expect(updates).toEqual([{ asOf: SIM_START, changed: venue.market.options().length }]);
    const board = QuoteBoard.parse(service.board('BTC', 'inverse', undefined));
    expect(board).toMatchObject({ underlying: 'BTC', settlement: 'inverse', size: 1, sizes: [1, 5, 25, 100], message: null, params: { id: 1, source: 'default' } });
    expect(board.chains.map((c) => `${c.underlying}:${c.settlement}`)).toEqual(['BTC:inverse', 'ETH:inverse', 'SOL:linear']);
    const btc = venue.market.options('BTC');
    expect(quotes(board)).toHaveLength(btc.length);
    expect(board.expiries.map((e) => e.expiry)).toEqual([...new Set(btc.map((o) => o.expiry))].sort((a, b) => a - b));
    for (const expiry of board.expiries) {
      expect(expiry.forward! / venue.market.fairValue(expiry.rows[0]!.call!.instrument).forward).toBeCloseTo(1, 3);
      const strikes = expiry.rows.map((row) => row.strike);
      expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
      for (const row of expiry.rows) {
        expect(row.call!.instrument).toMatch(new RegExp(`-${row.strike}-C$`));
        expect(row.put!.instrument).toMatch(new RegExp(`-${row.strike}-P$`));
      }
    }
    for (const quote of quotes(board)) {
      expect(quote.stale).toBeNull();
      expect(quote.marketBid === null || quote.marketAsk === null || quote.marketBid < quote.marketAsk).toBe(true);
      if (quote.ask !== null) expect(quote.ask).toBeGreaterThan(quote.theo);
      if (quote.bid !== null) expect(quote.bid).toBeLessThan(quote.theo);
      else expect(quote.suppressed).not.toBeNull(); // a missing side always says why
      // A flat book: no inventory to lean on, the premium is symmetric up to the tick's rounding.
      if (quote.skewVolPts !== null) expect(Math.abs(quote.skewVolPts)).toBeLessThan(Math.max(2 * ((quote.askIv! - quote.bidIv!) * 100) / 2, 0.5));
    }
    // One expiry's ladder: the others are listed (with their option counts) but carry no rows.
    const second = board.expiries[1]!;
    const one = service.board('BTC', 'inverse', 5, second.expiry);
    expect(one.expiries.map((e) => e.options)).toEqual(board.expiries.map((e) => e.options));
    expect(one.expiries.map((e) => e.rows.length)).toEqual(board.expiries.map((e) => (e.expiry === second.expiry ? second.rows.length : 0)));
    // 'nearest': the opening ladder in one answer, the first expiry with more than a day left.
    const nearest = service.board('BTC', 'inverse', 1, 'nearest');
    const opening = board.expiries.find((e) => e.T > 1 / 365)!;
    expect(nearest.expiries.filter((e) => e.rows.length > 0).map((e) => e.expiry)).toEqual([opening.expiry]);
    expect(nearest.expiries.find((e) => e.expiry === opening.expiry)!.rows).toEqual(opening.rows);
    // At 5 contracts a side costs at least what one does: the per-contract premium grows with size.
    for (const quote of quotes(one)) {
      const single = quotes(board).find((b) => b.instrument === quote.instrument)!;
      if (quote.ask !== null && single.ask !== null) expect(quote.ask).toBeGreaterThanOrEqual(single.ask);
      if (quote.bid !== null && single.bid !== null) expect(quote.bid).toBeLessThanOrEqual(single.bid);
    }
    expect(() => service.board('BTC', 'inverse', 3)).toThrow(QuoteRequestError);
    expect(service.board('XRP', 'inverse', 1)).toMatchObject({ expiries: [], message: 'no XRP inverse options listed' });
  });

  it('breaks a quote down into terms that add up to its price, with the inputs they came from', async () => {
    const { service, session } = await quotingDesk();
    const board = service.board('BTC', 'inverse', 1);
    const atm = board.expiries[1]!.rows.reduce((best, row) => (Math.abs(row.strike - board.expiries[1]!.forward!) < Math.abs(best.strike - board.expiries[1]!.forward!) ? row : best)).call!;
    const breakdown = QuoteBreakdown.parse(service.breakdown(atm.instrument));
    expect(breakdown.sizes.map((s) => s.size)).toEqual([1, 5, 25, 100]);
    const add = (terms: (typeof breakdown.sizes)[number]['terms'], side: 'bid' | 'ask') => terms.reduce((sum, t) => sum + t.price[side], 0);
    for (const sized of breakdown.sizes) {
      // bid = theo - (every term, rounding included); ask = theo + the same: exact up to float addition.
      if (sized.bid !== null) expect(sized.bid).toBeCloseTo(breakdown.theo - add(sized.terms, 'bid'), 12);
      if (sized.ask !== null) expect(sized.ask).toBeCloseTo(breakdown.theo + add(sized.terms, 'ask'), 12);
    }
    const liquidity = breakdown.sizes.map((s) => s.terms.find((t) => t.term === 'liquidity')!.price.ask);
    for (let z = 1; z < liquidity.length; z++) expect(liquidity[z]!).toBeGreaterThanOrEqual(liquidity[z - 1]!); // unwinding more costs more per contract
    expect(breakdown.inputs.factors.map((f) => f.name)).toEqual(['delta BTC', 'gamma BTC', expect.stringMatching(/^vega BTC \d+-\d+d$/)]);
    expect(breakdown.inputs.sigma).toHaveLength(3);
    expect(breakdown.inputs.sigma[0]![0]!).toBeGreaterThan(0);
    expect(breakdown.inputs.book!.askLevels).toBeGreaterThan(0);
    expect(breakdown.inputs.markouts.prior.fills).toBeGreaterThan(0);
    expect(breakdown.stale).toBeNull();
    expect(() => service.breakdown('BTC-1JAN20-1000-C')).toThrow(/not a listed option/);
    expect(session.listedOptions().length).toBeGreaterThan(0);
  });

  it('leans the board to sell after the dealer buys, reprices with a new parameter set, and goes stale with the feed', async () => {
    const { service, session, fills, params, clock, venue, updates } = await quotingDesk();
    const board = service.board('BTC', 'inverse', 1);
    const expiry = board.expiries[2]!;
    const atmRow = expiry.rows.reduce((best, row) => (Math.abs(row.strike - expiry.forward!) < Math.abs(best.strike - expiry.forward!) ? row : best));
    const atm = atmRow.call!;
    const size = 200;
    const { fill } = fills.add({ instrument: atm.instrument, side: 'buy', size, price: atm.theo, fee: 0, time: clock.now(), venue: 'sim', source: 'manual' }, clock.now());
    service.fill(fill.instrument, fill.side, fill.size);
    session.tick();
    expect(updates.length).toBeGreaterThan(1);
    const after = service.board('BTC', 'inverse', 1);
    const same = after.expiries[2]!.rows.find((row) => row.strike === atmRow.strike)!.call!;
    expect(same.position).toBe(size);
    // Long vega and delta: the dealer now pays less to buy more and asks less to sell it back.
    expect(same.skewVolPts!).toBeLessThan(atm.skewVolPts! - 0.1);
    expect(same.premiumVolPts.bid).toBeGreaterThan(atm.premiumVolPts.bid);
    expect(same.premiumVolPts.ask).toBeLessThan(atm.premiumVolPts.ask);

    // A new parameter set (twice the risk aversion) is picked up at the next tick; the inventory skew grows.
    const current = params.current(clock.now());
    params.save(premiumParams({ ...current.params, riskAversion: current.params.riskAversion * 2 }), clock.now(), 'file', 'twice gamma');
    session.tick();
    const repriced = service.board('BTC', 'inverse', 1);
    expect(repriced.params).toMatchObject({ id: current.id + 1, source: 'file' });
    const again = repriced.expiries[2]!.rows.find((row) => row.strike === atmRow.strike)!.call!;
    expect(again.position).toBe(size); // the book was read back from the store
    expect(again.skewVolPts!).toBeLessThan(same.skewVolPts!);

    // The feed goes quiet past the stale threshold: greyed with the reason, not quoted.
    clock.advance(5_000);
    session.tick();
    const stale = service.board('BTC', 'inverse', 1);
    for (const quote of quotes(stale)) expect(quote).toMatchObject({ bid: null, ask: null, stale: 'stale' });
    venue.market.advanceTo(clock.now());
    session.tick();
    expect(quotes(service.board('BTC', 'inverse', 1)).some((q) => q.ask !== null)).toBe(true);
  });
});
