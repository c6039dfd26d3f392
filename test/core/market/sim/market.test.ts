import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../../../../shared/domain/instrument';
import { INVERSE_OPTION_TICKS, LINEAR_OPTION_TICKS, roundToTick } from '../../../../shared/domain/venue-rules';
import type { BookEvent, MarketEvent, TickerEvent } from '../../../../electron/core/market/events';
import { SimMarket } from '../../../../electron/core/market/sim/market';
import { SimVenue } from '../../../../electron/core/market/sim/venue';
import { SMALL_LISTING } from '../../../support/sim-market';

const START = Date.UTC(2026, 0, 14, 12);
const PERPETUALS = ['BTC-PERPETUAL', 'ETH-PERPETUAL', 'SOL_USDC-PERPETUAL'];

/** Every 7th option plus the perpetuals: a spread of coins, expiries and strikes. */
function sample(market: SimMarket): string[] {
  return [...market.options().filter((_, i) => i % 7 === 0).map((o) => o.name), ...PERPETUALS];
}

async function record(seed: number, ms: number, act?: (venue: SimVenue) => void): Promise<MarketEvent[]> {
  const venue = new SimVenue({ seed, start: START });
  const events: MarketEvent[] = [];
  await venue.subscribe(sample(venue.market), (event) => events.push(event));
  act?.(venue);
  venue.advance(ms);
  await venue.close();
  return events;
}

describe('the simulated market', () => {
  it('gives the same event sequence for the same seed, and a different one for another seed', async () => {
    const inject = (venue: SimVenue) => {
      venue.advance(500);
      venue.inject({ kind: 'flash-crash', base: 'ETH' });
    };
    const first = await record(11, 3_000, inject);
    const again = await record(11, 3_000, inject);
    const other = await record(12, 3_000, inject);
    expect(first.length).toBeGreaterThan(1_000);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(first));
  });

  it('emits normalized events: canonical names, IVs as fractions bracketing the mark, books on the tick ladder in sequence', async () => {
    const events = await record(3, 2_000);
    const lastSeq = new Map<string, number>();
    const counts: Record<string, number> = {};
    for (const event of events) {
      counts[event.type] = (counts[event.type] ?? 0) + 1;
      if (event.type === 'venue-status' || event.type === 'index') continue;
      const instrument = parseInstrument(event.instrument);
      expect(instrument.name).toBe(event.instrument);
      if (event.type === 'book') {
        checkBook(event, instrument.kind === 'option' ? instrument : null);
        if (event.prevSeq !== undefined) expect(event.prevSeq).toBe(lastSeq.get(event.instrument));
        lastSeq.set(event.instrument, event.seq!);
      }
      if (event.type === 'ticker' && instrument.kind === 'option') checkOptionTicker(event, instrument);
      if (event.type === 'ticker' && instrument.kind === 'perpetual') {
        expect(event.funding8h).toBeTypeOf('number');
        expect(event.bestBid!).toBeLessThan(event.markPrice! + 1e-9);
        expect(event.bestAsk!).toBeGreaterThan(event.markPrice! - 1e-9);
      }
    }
    // 20 steps: an index per coin per step, a ticker per subscribed instrument per step.
    expect(counts.index).toBe(3 * 20);
    expect(counts.ticker).toBe(sample(new SimMarket({ seed: 3, start: START })).length * 21);
    expect(counts.book).toBeGreaterThan(0);
  });

  it('gives each option underlyingPrice = its expiry forward, index x e^(carry T), the same for calls and puts', () => {
    const market = new SimMarket({ seed: 4, start: START });
    market.advance(1_000);
    const rows = market.chainRows('BTC');
    const index = market.index('BTC');
    for (const row of rows) {
      const { expiry } = parseInstrument(row.instrument) as OptionInstrument;
      const years = (expiry - market.time) / (365 * 86_400_000);
      expect(row.underlyingPrice! / index).toBeCloseTo(Math.exp(0.06 * years), 12);
      expect(row.indexPrice).toBe(index);
    }
  });

  it('keeps fair values free of arbitrage across strikes: parity, monotone and convex calls', () => {
    const market = new SimMarket({ seed: 5, start: START });
    market.advance(1_000);
    for (const base of market.bases) {
      const byExpiry = new Map<number, { strike: number; call: number; put: number; forward: number }[]>();
      for (const option of market.options(base)) {
        if (option.optionType === 'put') continue;
        const call = market.fairValue(option.name);
        const put = market.fairValue(option.name.replace(/-C$/, '-P'));
        const row = byExpiry.get(option.expiry) ?? [];
        row.push({ strike: option.strike, call: call.price, put: put.price, forward: call.forward });
        byExpiry.set(option.expiry, row);
      }
      for (const rows of byExpiry.values()) {
        for (const { strike, call, put, forward } of rows) {
          // Put-call parity: inverse C - P = (F - K)/F in coin; linear (1 SOL contracts) F - K in USDC.
          const parity = base === 'SOL' ? forward - strike : (forward - strike) / forward;
          expect(Math.abs(call - put - parity)).toBeLessThan(1e-9 * Math.max(1, Math.abs(parity)) + 1e-12);
        }
        for (let j = 2; j < rows.length; j++) {
          const [a, b, c] = [rows[j - 2]!, rows[j - 1]!, rows[j]!];
          expect(b.call).toBeLessThanOrEqual(a.call);
          const left = (b.call - a.call) / (b.strike - a.strike);
          const right = (c.call - b.call) / (c.strike - b.strike);
          expect(right).toBeGreaterThanOrEqual(left - 1e-12);
        }
      }
    }
  });

  it('widens spreads in vol in the wings', () => {
    const market = new SimMarket({ seed: 6, start: START });
    const rows = market.chainRows('BTC').filter((r) => r.instrument.startsWith('BTC-27FEB26-') && r.instrument.endsWith('-C') && r.bidIv && r.askIv);
    const forward = rows[0]!.underlyingPrice!;
    const width = (r: (typeof rows)[number]) => r.askIv! - r.bidIv!;
    const atm = rows.reduce((best, r) => (Math.abs(strikeOf(r.instrument) - forward) < Math.abs(strikeOf(best.instrument) - forward) ? r : best));
    const wing = rows.at(-1)!;
    expect(width(wing)).toBeGreaterThan(1.3 * width(atm));
  });

  it('keeps book sequence numbers running through the 08:00 relisting', async () => {
    const venue = new SimVenue({ seed: 9, start: Date.UTC(2026, 0, 14, 7, 59, 45), stepMs: 1_000, listing: SMALL_LISTING });
    const survivor = venue.market.options('BTC').find((o) => o.expiry > Date.UTC(2026, 0, 15))!.name;
    const books: BookEvent[] = [];
    await venue.subscribe([survivor], (e) => {
      if (e.type === 'book') books.push(e);
    });
    venue.advance(30_000);
    expect(venue.market.options('BTC').some((o) => o.name.startsWith('BTC-14JAN26-'))).toBe(false);
    expect(books.filter((b) => b.time < Date.UTC(2026, 0, 14, 8) && b.prevSeq !== undefined).length).toBeGreaterThan(0);
    expect(books.filter((b) => b.time >= Date.UTC(2026, 0, 14, 8)).length).toBeGreaterThan(0);
    for (let j = 1; j < books.length; j++) expect(books[j]!.prevSeq).toBe(books[j - 1]!.seq);
  });

  it('refuses to stream instruments it does not list, and says which', async () => {
    const venue = new SimVenue({ seed: 1, start: START });
    await expect(venue.subscribe(['BTC-26DEC31-100000-C'], () => {})).rejects.toThrow(/not listed: BTC-26DEC31-100000-C/);
    expect(() => venue.market.fairValue('ETH-PERPETUAL')).toThrow(/not listed/);
    expect(() => venue.market.index('DOGE')).toThrow(/no coin DOGE/);
  });
});

function strikeOf(name: string): number {
  return (parseInstrument(name) as OptionInstrument).strike;
}

function checkBook(event: BookEvent, option: OptionInstrument | null): void {
  expect(event.snapshot).toBe(true);
  expect(event.asks.length).toBeGreaterThan(0);
  for (let d = 1; d < event.bids.length; d++) expect(event.bids[d]![0]).toBeLessThan(event.bids[d - 1]![0]);
  for (let d = 1; d < event.asks.length; d++) expect(event.asks[d]![0]).toBeGreaterThan(event.asks[d - 1]![0]);
  if (event.bids.length > 0) expect(event.bids[0]![0]).toBeLessThan(event.asks[0]![0]);
  for (const [price, amount] of [...event.bids, ...event.asks]) {
    expect(amount).toBeGreaterThan(0);
    if (option) expect(roundToTick(price, option.settlement === 'inverse' ? INVERSE_OPTION_TICKS : LINEAR_OPTION_TICKS, 'nearest')).toBe(price);
  }
}

function checkOptionTicker(event: TickerEvent, option: OptionInstrument): void {
  expect(event.markIv!).toBeGreaterThan(0.05);
  expect(event.markIv!).toBeLessThan(5);
  if (event.bestBid !== undefined) expect(event.bestBid).toBeLessThan(event.markPrice!);
  expect(event.bestAsk!).toBeGreaterThan(event.markPrice!);
  if (event.bidIv !== undefined) expect(event.bidIv).toBeLessThan(event.markIv!);
  if (event.askIv !== undefined) expect(event.askIv).toBeGreaterThan(event.markIv!);
  expect(event.underlyingPrice! / event.indexPrice!).toBeGreaterThan(1);
  expect(option.expiry).toBeGreaterThan(event.time);
}
