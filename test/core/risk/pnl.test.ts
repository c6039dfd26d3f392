/**
 * P&L by hand: an inverse option in coin (qty x (exit - entry), not the 1/price rule), a linear
 * option in USDC, an inverse perpetual by the 1/price rule with a harmonic average entry; and the
 * daily explain, whose parts are worked out by hand for futures and whose residual for options
 * holds only the cross and higher-order terms (halving the move divides it by about four or more).
 */
import { describe, expect, it } from 'vitest';
import { parseInstrument, type Instrument } from '../../../shared/domain/instrument';
import { black76Price } from '../../../electron/core/pricing/black76';
import { explainPosition } from '../../../electron/core/risk/explain';
import { bookPnl, positionPnl, usdPricesOn } from '../../../electron/core/risk/pnl';
import { applyFill, type FillLike } from '../../../electron/core/store/position-accounting';
import type { Position } from '../../../shared/contract/schemas';

const T0 = Date.UTC(2026, 0, 14);
const fill = (instrument: string, side: 'buy' | 'sell', size: number, price: number, fee = 0, t = 0) => ({ instrument, side, size, price, fee, time: T0 + t });


/** One instrument's position after its fills, in order. */
const positionOf = (fills: FillLike[]) => fills.reduce<Position | null>((position, fill) => applyFill(position, fill), null)!;

describe('realized and unrealized P&L', () => {
  it('inverse option: coin premium, qty x (exit - entry)', () => {
    const name = 'BTC-27MAR26-100000-C';
    const position = positionOf([fill(name, 'buy', 10, 0.05, 0.003), fill(name, 'sell', 4, 0.065, 0.0012, 1)]);
    const pnl = positionPnl(position, 0.04);
    expect(pnl.currency).toBe('BTC');
    expect(pnl.realized).toBeCloseTo(4 * 0.015, 14); // 0.06 BTC
    expect(pnl.unrealized).toBeCloseTo(6 * (0.04 - 0.05), 14); // -0.06 BTC
    expect(pnl.fees).toBeCloseTo(0.0042, 14);
    expect(pnl.net).toBeCloseTo(-0.0042, 14);
  });

  it('linear option: USDC per contract', () => {
    const name = 'SOL_USDC-27MAR26-150-P';
    const position = positionOf([fill(name, 'sell', 5, 12.5, 0.2), fill(name, 'buy', 2, 10, 0.1, 1)]);
    const pnl = positionPnl(position, 14);
    expect(pnl.currency).toBe('USDC');
    expect(pnl.realized).toBeCloseTo(2 * 2.5, 12); // short 2 closed 2.5 lower
    expect(pnl.unrealized).toBeCloseTo(-3 * (14 - 12.5), 12); // still short 3, the put rose 1.5
    expect(pnl.net).toBeCloseTo(5 - 4.5 - 0.3, 12);
  });

  it('inverse perpetual: USD amount, coin P&L by the 1/price rule, harmonic entry', () => {
    const name = 'BTC-PERPETUAL';
    let position = applyFill(null, fill(name, 'buy', 10_000, 50_000));
    position = applyFill(position, fill(name, 'buy', 10_000, 40_000, 0, 1));
    expect(position.currency).toBe('BTC');
    expect(position.avgPrice).toBeCloseTo(20_000 / (10_000 / 50_000 + 10_000 / 40_000), 9); // 44,444.44
    // Unrealized at 45,000: 10,000 (1/50,000 - 1/45,000) + 10,000 (1/40,000 - 1/45,000) = 0.0055556 BTC.
    const expected = 10_000 * (1 / 50_000 - 1 / 45_000) + 10_000 * (1 / 40_000 - 1 / 45_000);
    expect(positionPnl(position, 45_000).unrealized).toBeCloseTo(expected, 14);
    position = applyFill(position, fill(name, 'sell', 20_000, 45_000, 0, 2));
    expect(position.size).toBe(0);
    expect(position.realizedPnl).toBeCloseTo(expected, 14);
  });

  it('totals per currency and in USD', () => {
    const option = positionOf([fill('BTC-27MAR26-100000-C', 'buy', 1, 0.05)]);
    const sol = positionOf([fill('SOL_USDC-27MAR26-150-P', 'buy', 1, 10)]);
    const book = bookPnl([option, sol], new Map([[option.instrument, 0.06], [sol.instrument, 11]]), { BTC: 90_000 });
    expect(book.currencies.map((c) => c.currency)).toEqual(['BTC', 'USDC']);
    expect(book.netUsd).toBeCloseTo(0.01 * 90_000 + 1, 9);
    expect(() => bookPnl([option], new Map(), { BTC: 90_000 })).toThrow(/has no mark/);
    expect(() => bookPnl([option], new Map([[option.instrument, 0.06]]), {})).toThrow(/no USD price for BTC/);
  });

  it('prices each currency in USD on a market: a coin at its perpetual, stablecoins at par, an unmarked coin left out', () => {
    const marks: Record<string, number> = { 'BTC-PERPETUAL': 90_000, 'ETH-PERPETUAL': 3_000 };
    const markOf = (instrument: Instrument) => {
      const forward = marks[instrument.name];
      if (forward === undefined) throw new Error(`${instrument.name}: no chain`);
      return { forward, T: 0, vol: 0 };
    };
    expect(usdPricesOn(markOf, ['BTC', 'ETH', 'SOL'])).toEqual({ USDC: 1, USDT: 1, BTC: 90_000, ETH: 3_000 });
    expect(usdPricesOn(markOf, [])).toEqual({ USDC: 1, USDT: 1 });
    // A market that would mark a stablecoin's perpetual does not move its par.
    expect(usdPricesOn(() => ({ forward: 0.999, T: 0, vol: 0 }), ['USDC', 'BTC'])).toEqual({ USDC: 1, USDT: 1, BTC: 0.999 });
  });
});

describe('daily P&L explain', () => {
  it('inverse perpetual, by hand: 10,000 USD long as BTC goes 50,000 to 55,000', () => {
    const explain = explainPosition(parseInstrument('BTC-PERPETUAL'), 10_000, { forward: 50_000, vol: 0, T: 0 }, { forward: 55_000, vol: 0, T: 0 }, 0.0001);
    expect(explain.delta).toBeCloseTo(0.02, 14); // A dF / F^2
    expect(explain.gamma).toBeCloseTo(-0.002, 14); // -A dF^2 / F^3
    expect(explain.residual).toBeCloseTo(10_000 * (1 / 50_000 - 1 / 55_000) - 0.018, 14);
    expect(explain.total).toBeCloseTo(10_000 * (1 / 50_000 - 1 / 55_000) - 0.0001, 14);
  });

  it('linear perpetual: all delta', () => {
    const explain = explainPosition(parseInstrument('SOL_USDC-PERPETUAL'), 2, { forward: 100, vol: 0, T: 0 }, { forward: 110, vol: 0, T: 0 });
    expect(explain).toEqual({ delta: 20, gamma: 0, vega: 0, theta: 0, residual: 0, fees: 0, total: 20 });
  });

  for (const name of ['BTC-27MAR26-100000-C', 'SOL_USDC-27MAR26-150-P']) {
    it(`${name}: the parts sum to the revaluation and the residual is of higher order`, () => {
      const instrument = parseInstrument(name);
      if (instrument.kind !== 'option') throw new Error('an option');
      const inverse = instrument.settlement === 'inverse';
      const F0 = inverse ? 95_000 : 140;
      const move = (scale: number) => ({ forward: F0 * (1 + 0.04 * scale), vol: 0.6 + 0.03 * scale, T: 0.2 - scale / 365 });
      const from = { forward: F0, vol: 0.6, T: 0.2 };
      const value = (p: { forward: number; vol: number; T: number }) => black76Price(instrument.optionType, p.forward, instrument.strike, p.T, p.vol) / (inverse ? p.forward : 1);
      const big = explainPosition(instrument, -7, from, move(1));
      const half = explainPosition(instrument, -7, from, move(0.25));
      const quarter = explainPosition(instrument, -7, from, move(0.125));
      expect(big.delta + big.gamma + big.vega + big.theta + big.residual).toBeCloseTo(-7 * (value(move(1)) - value(from)), 10);
      expect(big.total).toBeCloseTo(-7 * (value(move(1)) - value(from)), 10);
      expect(Math.abs(big.residual)).toBeLessThan(0.2 * Math.abs(big.total));
      // Cross terms (vanna, volga, charm) are second order, the rest third: the ratio tends to 4 or more.
      expect(Math.abs(half.residual) / Math.abs(quarter.residual)).toBeGreaterThan(3.5);
    });
  }
});
