/**
 * Portfolio risk: each position's greeks against Black-76 directly, the cells summing to the
 * totals, the factor exposures equal to the premium engine's on the same book (one model), and
 * the hedged risk equal to the risk at the best spot exposure (solved here independently).
 */
import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { black76, Valuation } from '../../../electron/core/pricing/black76';
import { premiumParams } from '../../../electron/core/premium/params';
import { QuoteEngine } from '../../../electron/core/premium/quote-engine';
import { GREEKS, RiskBook } from '../../../electron/core/risk/book';
import { RiskMeasure } from '../../../electron/core/risk/measure';

const params = premiumParams({});
const NOW = Date.UTC(2026, 0, 14, 8);
const years = (expiry: number) => (expiry - NOW) / (365 * 86_400_000);
const optionYears = (name: string) => years((parseInstrument(name) as OptionInstrument).expiry);

const BOOK: { name: string; size: number; forward: number; vol: number }[] = [
  { name: 'BTC-30JAN26-100000-C', size: 12, forward: 95_000, vol: 0.55 },
  { name: 'BTC-30JAN26-80000-P', size: -30, forward: 95_000, vol: 0.62 },
  { name: 'BTC-27MAR26-120000-C', size: -8.5, forward: 96_000, vol: 0.58 },
  { name: 'ETH-30JAN26-3500-C', size: 40, forward: 3_300, vol: 0.7 },
  { name: 'SOL_USDC-30JAN26-150-P', size: -200, forward: 140, vol: 0.9 },
  { name: 'BTC-PERPETUAL', size: -250_000, forward: 95_050, vol: 0 },
  { name: 'SOL_USDC-PERPETUAL', size: 1_000, forward: 140.1, vol: 0 },
];

function riskBook(): RiskBook {
  const book = new RiskBook(params, BOOK.map((row) => parseInstrument(row.name)));
  BOOK.forEach((row, i) => {
    const instrument = parseInstrument(row.name);
    book.setSize(i, row.size);
    book.setMark(i, { forward: row.forward, T: instrument.kind === 'perpetual' ? 0 : years(instrument.expiry), vol: row.vol });
  });
  book.rebuild();
  return book;
}

describe('RiskBook', () => {
  const book = riskBook();

  it('gives each option its Black-76 greeks in Deribit units, times size and contract size', () => {
    const v = new Valuation();
    const put = book.positionGreeks(1);
    const T = optionYears(BOOK[1]!.name);
    black76(v, 'put', 95_000, 80_000, T, 0.62);
    expect(put.delta).toBeCloseTo(-30 * v.delta, 12);
    expect(put.netDelta).toBeCloseTo(-30 * (v.delta - v.price / 95_000), 12); // inverse: premium paid in coin
    expect(put.deltaUsd).toBeCloseTo(-30 * v.delta * 95_000, 6);
    expect(put.gammaUsd).toBeCloseTo(-30 * 0.5 * v.gamma * 95_000 ** 2 * 1e-4, 8);
    expect(put.vega).toBeCloseTo(-30 * v.vega, 8);
    expect(put.standardVega).toBeCloseTo(-30 * v.vega * Math.sqrt(30 / 365 / T), 8);
    expect(put.theta).toBeCloseTo(-30 * v.theta, 8);
    expect(put.vanna).toBeCloseTo(-30 * v.vanna * 95_000, 6);
    expect(put.shortMargin).toBeGreaterThan(30 * 0.1 * 95_000); // at least the minimum rate of the underlying
    const sol = book.positionGreeks(4);
    const solT = optionYears(BOOK[4]!.name);
    black76(v, 'put', 140, 150, solT, 0.9);
    expect(sol.delta).toBeCloseTo(-200 * 1 * v.delta, 10); // 1 SOL per USDC-linear contract
    expect(sol.netDelta).toBe(sol.delta); // linear: the premium is not paid in the coin
  });

  it('counts inverse perpetuals in USD and linear ones in coins', () => {
    expect(book.positionGreeks(5).deltaUsd).toBe(-250_000);
    expect(book.positionGreeks(5).delta).toBeCloseTo(-250_000 / 95_050, 12);
    expect(book.positionGreeks(6).deltaUsd).toBeCloseTo(1_000 * 140.1, 9);
  });

  it('sums the cells to each underlying and each expiry', () => {
    const report = book.report();
    for (const greek of GREEKS) {
      const positions = BOOK.reduce((sum, _, i) => sum + book.positionGreeks(i)[greek], 0);
      const underlyings = report.byUnderlying.reduce((sum, row) => sum + row[greek], 0);
      const expiries = report.byExpiry.reduce((sum, row) => sum + row[greek], 0);
      const buckets = report.byDeltaBucket.reduce((sum, row) => sum + row[greek], 0);
      for (const total of [underlyings, expiries, buckets]) expect(total).toBeCloseTo(positions, 6);
    }
    const btc = report.byUnderlying.find((row) => row.underlying === 'BTC')!;
    expect(btc.limitUse.delta).toBeCloseTo(Math.abs(btc.deltaUsd) / params.limits.BTC!.delta, 12);
    expect(report.byExpiry.find((row) => row.expiry === null && row.underlying === 'BTC')!.tenorBucket).toBe('perpetual');
    // The 80000 put is 15% out of the money at 62 vol for two weeks: a 90-100 delta strike (call-equivalent).
    expect(report.byDeltaBucket.some((row) => row.underlying === 'BTC' && row.deltaBucket === '90-100d' && row.vega < 0)).toBe(true);
  });

  it('has the factor exposures of the premium engine for the same book', () => {
    const options = BOOK.map((row) => parseInstrument(row.name)).filter((i): i is OptionInstrument => i.kind === 'option');
    const engine = new QuoteEngine(params, options);
    options.forEach((option, i) => {
      const row = BOOK.find((r) => r.name === option.name)!;
      engine.setMarket(i, { forward: row.forward, T: years(option.expiry), vol: row.vol });
      engine.addFill(i, row.size);
    });
    const perpetuals = new Map([[book.space.spot(0), -250_000], [book.space.spot(2), 1_000 * 140.1]]);
    for (let f = 0; f < book.space.size; f++) expect(book.exposure[f]! - (perpetuals.get(f) ?? 0)).toBeCloseTo(engine.exposureOf(f), 6);
  });

  it('refuses a position without a mark and a bad mark', () => {
    const bare = new RiskBook(params, [parseInstrument('BTC-PERPETUAL')]);
    expect(() => bare.rebuild()).toThrow(/BTC-PERPETUAL has no mark/);
    expect(() => bare.setMark(0, { forward: Number.NaN, T: 0, vol: 0 })).toThrow(/positive forward/);
  });
});

describe('RiskMeasure', () => {
  const book = riskBook();
  const measure = new RiskMeasure(book.space, params);

  it('hedged risk is the risk at the variance-minimising spot exposures', () => {
    const E = Float64Array.from(book.exposure);
    const spots = book.space.underlyings.map((_, c) => book.space.spot(c));
    // Independent: minimise over the spot exposures by gradient descent on the quadratic.
    const x = Float64Array.from(E);
    const n = book.space.size;
    const S = measure.sigma;
    for (let iteration = 0; iteration < 20_000; iteration++) {
      for (const s of spots) {
        let gradient = 0;
        for (let j = 0; j < n; j++) gradient += S[s * n + j]! * x[j]!;
        x[s]! -= gradient / S[s * n + s]!; // exact coordinate minimisation
      }
    }
    expect(measure.hedgedRisk(E)).toBeCloseTo(measure.risk(x), 6);
    expect(measure.hedgedRisk(E)).toBeLessThan(measure.risk(E));
    expect(measure.hedgedRisk(E)).toBeGreaterThan(0);
  });
});
