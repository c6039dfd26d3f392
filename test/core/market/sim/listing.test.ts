import { describe, expect, it } from 'vitest';
import { EXPIRY_HOUR_UTC, formatInstrument, parseInstrument } from '../../../../shared/domain/instrument';
import { listExpiries, niceStep, strikeGrid } from '../../../../electron/core/market/sim/listing';
import { SimMarket } from '../../../../electron/core/market/sim/market';

const DAY = 86_400_000;
/** Wednesday 14 January 2026, 12:00 UTC. */
const NOW = Date.UTC(2026, 0, 14, 12);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('the simulated listing', () => {
  it("lists Deribit's expiries: 3 dailies, 4 Friday weeklies, 3 last-Friday monthlies, quarterlies to a year, all at 08:00 UTC", () => {
    const expiries = listExpiries(NOW);
    expect(expiries.map(iso)).toEqual([
      '2026-01-15', '2026-01-16', '2026-01-17', // dailies (16th is also the first Friday)
      '2026-01-23', '2026-01-30', '2026-02-06', // weeklies (30th is also January's last Friday)
      '2026-02-27', '2026-03-27', // monthlies (March's is also a quarterly)
      '2026-06-26', '2026-09-25', '2026-12-25', // quarterlies
    ]);
    for (const expiry of expiries) {
      const date = new Date(expiry);
      expect([date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()]).toEqual([EXPIRY_HOUR_UTC, 0, 0, 0]);
    }
  });

  it('rolls at 08:00: a minute before, today is the first daily; at 08:00 it is gone', () => {
    const today = Date.UTC(2026, 0, 14, 8);
    expect(listExpiries(today - 60_000)[0]).toBe(today);
    expect(listExpiries(today)[0]).toBe(today + DAY);
  });

  it('rounds steps to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.9, 1.6, 2.3, 3.9, 4, 7.2, 1234, 0.026].map(niceStep)).toEqual([1, 2, 2.5, 5, 5, 10, 1000, 0.025]);
    expect(() => niceStep(0)).toThrow(/positive/);
  });

  it('grids strikes densest near the forward, coarser in the wings, wider for longer expiries', () => {
    const short = strikeGrid(100_000, 0.55, 7 / 365);
    const long = strikeGrid(100_000, 0.55, 1);
    const spacing = (grid: number[], near: number) => {
      const i = grid.findIndex((k) => k >= near);
      return grid[i + 1]! - grid[i]!;
    };
    expect(spacing(short, 100_000)).toBeLessThan(spacing(short, 112_000));
    expect(spacing(short, 100_000)).toBeLessThan(spacing(long, 100_000));
    expect(long[0]!).toBeLessThan(short[0]!);
    expect(long.at(-1)!).toBeGreaterThan(short.at(-1)!);
    for (const grid of [short, long]) expect([...grid].sort((a, b) => a - b)).toEqual(grid);
    // SOL's small prices give decimal strikes that still name canonically.
    const sol = strikeGrid(14.3, 0.9, 1 / 365);
    expect(sol.some((k) => !Number.isInteger(k))).toBe(true);
  });

  it('lists about 2,000 options over BTC, ETH (inverse) and SOL (USDC-linear), named canonically', () => {
    const market = new SimMarket({ seed: 1, start: NOW });
    const options = market.options();
    expect(options.length).toBeGreaterThan(1_800);
    expect(options.length).toBeLessThan(2_400);
    for (const option of options) {
      expect(parseInstrument(option.name)).toEqual(option);
      expect(formatInstrument(option)).toBe(option.name);
    }
    expect(new Set(options.map((o) => `${o.base}:${o.settlement}`))).toEqual(new Set(['BTC:inverse', 'ETH:inverse', 'SOL:linear']));
    const perpetuals = ['BTC', 'ETH', 'SOL'].map((base) => market.listedInstruments(base)[0]!.instrument.name);
    expect(perpetuals).toEqual(['BTC-PERPETUAL', 'ETH-PERPETUAL', 'SOL_USDC-PERPETUAL']);
  });

  it('delists an expiry when it passes and lists the next daily, keeping the other grids', () => {
    const market = new SimMarket({ seed: 1, start: Date.UTC(2026, 0, 14, 7, 59, 59) });
    const before = new Set(market.options('BTC').map((o) => o.name));
    market.advance(2_000);
    const after = new Set(market.options('BTC').map((o) => o.name));
    expect([...before].some((name) => name.startsWith('BTC-14JAN26-'))).toBe(true);
    expect([...after].some((name) => name.startsWith('BTC-14JAN26-'))).toBe(false);
    expect([...after].some((name) => name.startsWith('BTC-17JAN26-'))).toBe(true);
    expect([...before].some((name) => name.startsWith('BTC-17JAN26-'))).toBe(false);
    for (const name of before) if (!name.startsWith('BTC-14JAN26-')) expect(after.has(name)).toBe(true);
  });
});
