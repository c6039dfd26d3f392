/**
 * Hedge suggestions: the band is the Whalley-Wilmott formula and delta is traded to its edge;
 * the solver meets its optimality conditions; the cross-asset hedge beats hedging each coin on
 * its own when coins are correlated; option hedges cut the delta-hedged risk. Every risk a
 * suggestion claims is recomputed here from Black-76 greeks and the covariance, not from the
 * advisor's own exposure vector.
 */
import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument, type PerpetualInstrument } from '../../../shared/domain/instrument';
import { contractSize, futureTerms } from '../../../shared/domain/venue-rules';
import { black76, black76Price, Valuation } from '../../../electron/core/pricing/black76';
import { FactorSpace, horizonCovariance } from '../../../electron/core/premium/factors';
import { premiumParams, type PremiumParamsInput } from '../../../electron/core/premium/params';
import { RiskMeasure } from '../../../electron/core/risk/measure';
import { tradeToBand, whalleyWilmottHalfWidth } from '../../../electron/core/hedge/band';
import { crossHedges, crossProblem } from '../../../electron/core/hedge/cross';
import { deltaHedges, minimumVarianceDelta } from '../../../electron/core/hedge/delta';
import type { HedgeMarket, LinearHedge, OptionHedge } from '../../../electron/core/hedge/market';
import { optionHedges } from '../../../electron/core/hedge/options';
import { minimiseQuadraticL1, objective } from '../../../electron/core/hedge/solver';

const NOW = Date.UTC(2026, 0, 14, 8);
const yearsTo = (name: string) => ((parseInstrument(name) as OptionInstrument).expiry - NOW) / (365 * 86_400_000);

function perpetual(name: string, mark: number, halfSpread: number): LinearHedge {
  const instrument = parseInstrument(name) as PerpetualInstrument;
  return { instrument, mark, halfSpread, terms: futureTerms(instrument) };
}

/** An option with a one-level book `spread` vol points either side of theo. */
function listed(name: string, forward: number, vol: number, spreadVolPts = 1, depth = 50): OptionHedge {
  const instrument = parseInstrument(name) as OptionInstrument;
  const T = yearsTo(name);
  const m = contractSize(instrument);
  const toPrice = instrument.settlement === 'inverse' ? 1 / forward : 1;
  const price = (v: number) => m * black76Price(instrument.optionType, forward, instrument.strike, T, v) * toPrice;
  const theo = price(vol);
  return { instrument, forward, T, vol, theo, bids: [[price(vol - spreadVolPts / 100), depth]], asks: [[price(vol + spreadVolPts / 100), depth]] };
}

/** The book's factor exposures, from Black-76 directly (the test's own arithmetic). */
function exposures(space: FactorSpace, options: { name: string; size: number; forward: number; vol: number }[], perps: Record<string, number> = {}): Float64Array {
  const E = new Float64Array(space.size);
  const v = new Valuation();
  for (const { name, size, forward, vol } of options) {
    const instrument = parseInstrument(name) as OptionInstrument;
    const T = yearsTo(name);
    black76(v, instrument.optionType, forward, instrument.strike, T, vol);
    const c = space.coinIndex(instrument.base);
    const m = contractSize(instrument);
    E[space.spot(c)]! += size * m * v.delta * forward;
    E[space.gamma(c)]! += size * m * 0.5 * v.gamma * forward * forward;
    E[space.vol(c, space.bucketOf(T))]! += size * m * v.vega;
  }
  for (const [coin, usd] of Object.entries(perps)) E[space.spot(space.coinIndex(coin))]! += usd;
  return E;
}

function risk(sigma: Float64Array, riskAversion: number, E: ArrayLike<number>): number {
  const n = E.length;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += E[i]! * sigma[i * n + j]! * E[j]!;
  return 0.5 * riskAversion * sum;
}

function setup(input: PremiumParamsInput = {}) {
  const params = premiumParams(input);
  const space = new FactorSpace(params);
  return { params, space, measure: new RiskMeasure(space, params), sigma: horizonCovariance(space, params) };
}

describe('Whalley-Wilmott band', () => {
  it('is (3 c Gamma^2 S / (2 a))^(1/3) and trades back to its edge, not to the centre', () => {
    // c = 5.5 bp, Gamma = 0.02 coin/USD, S = 95,000, a = 2e-6 per USD: 3 x 0.00055 x 4e-4 x 95000 / 4e-6 = 15,675.
    expect(whalleyWilmottHalfWidth(0.00055, 0.02, 95_000, 2e-6)).toBeCloseTo(Math.cbrt(15_675), 10);
    expect(whalleyWilmottHalfWidth(0.00055, -0.02, 95_000, 2e-6)).toBe(whalleyWilmottHalfWidth(0.00055, 0.02, 95_000, 2e-6));
    expect(tradeToBand(3, 1, 2.5)).toBe(0);
    expect(tradeToBand(5, 1, 2.5)).toBe(-1.5);
    expect(tradeToBand(-5, 1, 2.5)).toBe(3.5);
    expect(() => whalleyWilmottHalfWidth(0.001, 0.02, 95_000, 0)).toThrow(/risk aversion/);
  });

  it('delta hedges a BTC book to the band edge in whole perpetual lots, and the risk falls as claimed', () => {
    const { params, space, measure, sigma } = setup();
    const book = [
      { name: 'BTC-27FEB26-100000-C', size: -60, forward: 95_500, vol: 0.56 },
      { name: 'BTC-30JAN26-90000-P', size: 25, forward: 95_200, vol: 0.6 },
    ];
    const E = exposures(space, book);
    const perp = perpetual('BTC-PERPETUAL', 95_100, 0.00005);
    const [line, ...rest] = deltaHedges(E, measure, { linear: [perp], options: [] });
    expect(rest).toEqual([]);
    expect(line!.kind).toBe('delta');
    expect(line!.instrument).toBe('BTC-PERPETUAL');
    expect(line!.size % 10).toBe(0); // BTC perpetual lots of 10 USD
    const signed = line!.side === 'buy' ? line!.size : -line!.size;
    // The band, by hand: gamma in coins per USD from the options directly.
    const v = new Valuation();
    const gamma = book.reduce((sum, o) => {
      const instrument = parseInstrument(o.name) as OptionInstrument;
      return sum + o.size * black76(v, instrument.optionType, o.forward, instrument.strike, yearsTo(o.name), o.vol).gamma * (o.forward / 95_100) ** 2;
    }, 0);
    const half = Math.cbrt((3 * 0.00055 * gamma * gamma * 95_100) / (2 * params.riskAversion)) * 95_100;
    const target = minimumVarianceDelta(E, measure, 0);
    const left = E[space.spot(0)]! + signed - target;
    expect(Math.abs(left)).toBeGreaterThanOrEqual(half - 1e-6);
    expect(Math.abs(left)).toBeLessThan(half + 10); // at the edge, short of it by less than a lot
    expect(line!.cost).toBeCloseTo(line!.size * 0.00055, 9);
    const after = Float64Array.from(E);
    after[space.spot(0)]! += signed;
    expect(line!.riskBefore).toBeCloseTo(risk(sigma, params.riskAversion, E), 6);
    expect(line!.riskAfter).toBeCloseTo(risk(sigma, params.riskAversion, after), 6);
    expect(line!.riskAfter).toBeLessThan(line!.riskBefore);
  });

  it('hedges in a dated future when it costs less, and in coin lots for a USDC-linear perpetual', () => {
    const { space, measure } = setup();
    const E = exposures(space, [], { BTC: -3_000_000, SOL: 800_000 });
    const future = parseInstrument('BTC-27MAR26');
    if (future.kind !== 'future') throw new Error('a future');
    const market: HedgeMarket = {
      linear: [
        perpetual('BTC-PERPETUAL', 95_100, 0.0001),
        { instrument: future, mark: 96_000, halfSpread: 0.00002, terms: futureTerms(future) },
        perpetual('SOL_USDC-PERPETUAL', 140, 0.0001),
      ],
      options: [],
    };
    const lines = deltaHedges(E, measure, market);
    expect(lines.map((line) => [line.instrument, line.side])).toEqual([
      ['BTC-27MAR26', 'buy'],
      ['SOL_USDC-PERPETUAL', 'sell'],
    ]);
    // Each line's risk is its own coin's: the other coin's exposures left out (correlated coins are cross.ts's).
    const { params } = setup();
    const sigma = horizonCovariance(space, params);
    lines.forEach((line, l) => {
      const coin = ['BTC', 'SOL'][l]!;
      const own = Float64Array.from(E, (value, f) => (space.underlyings[space.coinOf(f)] === coin ? value : 0));
      expect(line.riskBefore).toBeCloseTo(risk(sigma, params.riskAversion, own), 6);
      own[space.spot(space.coinIndex(coin))]! += (line.side === 'buy' ? 1 : -1) * line.size * (coin === 'SOL' ? 140 : 1);
      expect(line.riskAfter).toBeCloseTo(risk(sigma, params.riskAversion, own), 6);
      expect(line.riskAfter).toBeLessThan(line.riskBefore);
    });
    const sol = lines[1]!;
    expect(Math.abs(sol.size * 10 - Math.round(sol.size * 10))).toBeLessThan(1e-9); // lots of 0.1 SOL
    expect(sol.cost).toBeCloseTo(sol.size * 140 * (0.0001 + 0.0005), 9); // notional is coins x mark
  });

  it('leaves a book inside its band alone', () => {
    const { space, measure } = setup();
    const E = exposures(space, [{ name: 'BTC-27FEB26-100000-C', size: -10, forward: 95_500, vol: 0.56 }]);
    E[space.spot(0)] = minimumVarianceDelta(E, measure, 0) + 1_000;
    expect(deltaHedges(E, measure, { linear: [perpetual('BTC-PERPETUAL', 95_100, 0.00005)], options: [] })).toEqual([]);
  });
});

describe('coordinate descent with soft thresholding', () => {
  it('meets the optimality conditions of a random convex problem', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const k = 6;
    const M = Float64Array.from({ length: k * k }, random);
    const Q = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) Q[i * k + j]! += M[l * k + i]! * M[l * k + j]!;
    const problem = { Q, g: Float64Array.from({ length: k }, () => 3 * random()), up: Float64Array.from({ length: k }, () => Math.abs(random())), down: Float64Array.from({ length: k }, () => Math.abs(random())) };
    const x = minimiseQuadraticL1(problem, 1e-14);
    for (let j = 0; j < k; j++) {
      let gradient = problem.g[j]!;
      for (let l = 0; l < k; l++) gradient += Q[j * k + l]! * x[l]!;
      if (x[j]! > 0) expect(gradient + problem.up[j]!).toBeCloseTo(0, 6);
      else if (x[j]! < 0) expect(gradient - problem.down[j]!).toBeCloseTo(0, 6);
      else {
        expect(gradient).toBeGreaterThanOrEqual(-problem.up[j]! - 1e-9);
        expect(gradient).toBeLessThanOrEqual(problem.down[j]! + 1e-9);
      }
    }
    expect(x.some((value) => value === 0) || x.every((value) => value !== 0)).toBe(true);
    const nudged = Float64Array.from(x, (value, j) => value + (j === 0 ? 1e-3 : 0));
    expect(objective(problem, nudged)).toBeGreaterThan(objective(problem, x));
  });
});

describe('cross-asset delta hedge', () => {
  it('carries ETH risk partly in cheap BTC perpetuals and beats hedging each coin alone when correlation is high', () => {
    // A day's delta at a risk aversion of 5e-5 per USD: with the defaults (an hour, 2e-6) carrying
    // 2M of ETH delta costs less in risk than crossing the spread, and nothing is suggested.
    const { params, space, measure, sigma } = setup({
      riskAversion: 5e-5,
      hedgeIntervalYears: 1 / 365,
      spotCorrelation: { 'BTC/ETH': 0.95, 'BTC/SOL': 0.8, 'ETH/SOL': 0.8 },
    });
    const E = exposures(space, [], { ETH: 2_000_000 });
    const market: HedgeMarket = {
      linear: [perpetual('BTC-PERPETUAL', 95_000, 0.00002), perpetual('ETH-PERPETUAL', 3_300, 0.004)],
      options: [],
    };
    const hedges = [...market.linear];
    const joint = minimiseQuadraticL1(crossProblem(E, measure, hedges, true));
    const alone = minimiseQuadraticL1(crossProblem(E, measure, hedges, false));
    const truth = crossProblem(E, measure, hedges, true);
    expect(joint[0]!).toBeLessThan(-100_000); // sells BTC against the ETH
    expect(alone[0]!).toBe(0); // on its own, BTC has nothing to hedge
    expect(objective(truth, joint)).toBeLessThan(objective(truth, alone) - 100);

    const lines = crossHedges(E, measure, market);
    expect(lines.map((line) => line.instrument)).toContain('BTC-PERPETUAL');
    const book = Float64Array.from(E);
    for (const line of lines) {
      expect(line.riskBefore).toBeCloseTo(risk(sigma, params.riskAversion, book), 6);
      const coin = parseInstrument(line.instrument).base;
      book[space.spot(space.coinIndex(coin))]! += line.side === 'buy' ? line.size : -line.size;
      expect(line.riskAfter).toBeCloseTo(risk(sigma, params.riskAversion, book), 6);
    }
    expect(lines.at(-1)!.riskAfter).toBeLessThan(lines[0]!.riskBefore / 2);
  });
});

describe('vega and gamma hedges in listed options', () => {
  it('buys options in the bucket a short-vega book is short, and the delta-hedged risk falls as claimed', () => {
    // A risk aversion ten times the default: at 2e-6 a day of 20k USD vega costs less to carry than a vol point of spread.
    const { params, space, measure } = setup({ riskAversion: 2e-5 });
    const book = [{ name: 'BTC-27FEB26-95000-C', size: -150, forward: 95_500, vol: 0.55 }];
    const E = exposures(space, book);
    const market: HedgeMarket = {
      linear: [perpetual('BTC-PERPETUAL', 95_100, 0.00005)],
      options: [
        listed('BTC-27FEB26-95000-P', 95_500, 0.55, 0.8, 100),
        listed('BTC-27FEB26-100000-C', 95_500, 0.54, 0.8, 100),
        listed('BTC-27FEB26-60000-P', 95_500, 0.8, 0.8, 100), // far from the money: not a candidate
        { ...listed('BTC-27FEB26-97000-C', 95_500, 0.55), bids: [] }, // one-sided: not liquid
      ],
    };
    const lines = optionHedges(E, measure, market, params);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.side === 'buy' && ['vega', 'gamma'].includes(line.kind))).toBe(true);
    expect(lines.map((line) => line.instrument).sort()).toEqual(['BTC-27FEB26-100000-C', 'BTC-27FEB26-95000-P']);
    const bought = lines.map((line) => {
      const option = market.options.find((o) => o.instrument.name === line.instrument)!;
      return { name: line.instrument, size: line.size, forward: option.forward, vol: option.vol };
    });
    const before = measure.hedgedRisk(E);
    const after = measure.hedgedRisk(exposures(space, [...book, ...bought]));
    expect(lines[0]!.riskBefore).toBeCloseTo(before, 6);
    expect(lines.at(-1)!.riskAfter).toBeCloseTo(after, 6);
    expect(after).toBeLessThan(before / 2);
    for (const line of lines) {
      expect(line.size * 10).toBeCloseTo(Math.round(line.size * 10), 9); // BTC option lots of 0.1
      expect(line.cost).toBeGreaterThan(0);
    }
  });
});
