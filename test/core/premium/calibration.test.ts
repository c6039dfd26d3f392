/**
 * Calibration of the premium's parameters from data with known truth: the fill intensity A, k
 * from simulated prints, the factor covariance from simulated spot and ATM-vol paths, risk aversion
 * from the dealer's skew statement (checked through the engine), and markouts from fills against
 * a known mid path, shrunk toward the prior when fills are few.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInstrument, type OptionInstrument } from '../../../shared/domain/instrument';
import { Rng } from '../../../electron/core/market/sim/random';
import { fitIntensity } from '../../../electron/core/premium/calibration/intensity';
import { EwmaCovariance } from '../../../electron/core/premium/calibration/ewma';
import { covarianceFromSamples, samplesFromStore, type FactorSample } from '../../../electron/core/premium/calibration/covariance';
import { openDatabase } from '../../../electron/core/store/database';
import { SurfaceStore } from '../../../electron/core/store/surface-store';
import { DROP_REASONS } from '../../../electron/core/surface/chain';
import { useTempDirs } from '../../support/temp-dir';
import { riskAversionFromSkew } from '../../../electron/core/premium/calibration/risk-aversion';
import { markoutTable, premiumMarkouts, type MarkedFill } from '../../../electron/core/premium/calibration/markouts';
import { FactorSpace } from '../../../electron/core/premium/factors';
import { premiumParams, type PremiumParamsInput } from '../../../electron/core/premium/params';
import { QuoteEngine } from '../../../electron/core/premium/quote-engine';

const YEAR_MS = 365 * 86_400_000;

/** Correlated normal draws: x = L z with L the Cholesky factor of a covariance. */
function cholesky(sigma: number[][]): number[][] {
  const n = sigma.length;
  const L = sigma.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = sigma[j]![j]!;
    for (let k = 0; k < j; k++) d -= L[j]![k]! ** 2;
    L[j]![j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let v = sigma[i]![j]!;
      for (let k = 0; k < j; k++) v -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = v / L[j]![j]!;
    }
  }
  return L;
}

function correlatedStep(rng: Rng, L: number[][], dt: number): number[] {
  const z = L.map(() => rng.normal());
  return L.map((row) => row.reduce((sum, l, k) => sum + l * z[k]!, 0) * Math.sqrt(dt));
}

describe('fill intensity', () => {
  it('recovers A and k from prints of a Poisson flow with exponential depths (within 4 standard errors)', () => {
    const rng = new Rng(11);
    const [A, k, days, touch] = [120, 0.9, 30, 0.2];
    const count = rng.poisson(A * days);
    const distances = Float64Array.from({ length: count }, () => -Math.log(1 - rng.uniform()) / k);
    const fit = fitIntensity(distances, days, touch);
    expect(Math.abs(fit.k - k)).toBeLessThan(4 * fit.kStdError);
    // A's error: Poisson count (1/sqrt(N)) and k's error carried through exp(k touch).
    const aError = A * Math.hypot(1 / Math.sqrt(fit.prints), touch * fit.kStdError);
    expect(Math.abs(fit.A - A)).toBeLessThan(4 * aError);
    expect(fit.prints).toBeLessThan(count); // the prints inside the touch were censored
  });

  it('refuses too few prints or a bad window with a clear error', () => {
    expect(() => fitIntensity([0.5], 1)).toThrow(/too few prints/);
    expect(() => fitIntensity([0.5, 1], 0)).toThrow(/positive observation window/);
    expect(() => fitIntensity([0.5, Number.NaN], 1)).toThrow(/print 1/);
  });
});

describe('EWMA covariance', () => {
  it('recovers a known annual covariance from irregularly spaced changes (6% on variances, 0.05 on correlations)', () => {
    // 30,000 changes 30-90 s apart (about 21 days) under a 60-day half-life: nearly equal weights,
    // so the variance's relative error is about sqrt(2 / 30,000) ~ 1%; 6% is six of those.
    const sigma = [
      [0.36, 0.27, -2],
      [0.27, 0.49, -1.5],
      [-2, -1.5, 2500],
    ];
    const L = cholesky(sigma);
    const rng = new Rng(5);
    const ewma = new EwmaCovariance(3, 60 / 365);
    for (let t = 0; t < 30_000; t++) {
      const dt = (30 + 60 * rng.uniform()) / (365 * 86_400);
      ewma.add(correlatedStep(rng, L, dt), dt);
    }
    const estimate = ewma.perYear();
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(estimate[i * 3 + i]! / sigma[i]![i]! - 1)).toBeLessThan(0.06);
      for (let j = 0; j < i; j++) {
        const rho = sigma[i]![j]! / Math.sqrt(sigma[i]![i]! * sigma[j]![j]!);
        const rhoHat = estimate[i * 3 + j]! / Math.sqrt(estimate[i * 3 + i]! * estimate[j * 3 + j]!);
        expect(Math.abs(rhoHat - rho)).toBeLessThan(0.05);
      }
    }
  });

  it('builds the engine covariance from spot and ATM-vol samples, gamma block derived, and the engine accepts it', () => {
    const params = premiumParams({ underlyings: ['BTC'] });
    const space = new FactorSpace(params);
    // Spot log-returns (vol 0.6) and four bucket ATM vols (points) correlated -0.4 with spot.
    const sigma = [[0.36, -0.4 * 0.6 * 70, -0.4 * 0.6 * 60, -0.4 * 0.6 * 50, -0.4 * 0.6 * 40]];
    const nus = [70, 60, 50, 40];
    for (let b = 0; b < 4; b++) sigma.push([sigma[0]![b + 1]!, ...nus.map((nu, c) => nus[b]! * nu * 0.9 ** Math.abs(b - c))]);
    const L = cholesky(sigma);
    const rng = new Rng(9);
    const samples: FactorSample[] = [];
    let spot = 80_000;
    const vols = [0.6, 0.58, 0.56, 0.55];
    for (let t = 0, time = 0; t < 20_000; t++, time += 60_000) {
      samples.push({ time, spot: Float64Array.of(spot), atmVol: Float64Array.from(vols) });
      const x = correlatedStep(rng, L, 60_000 / YEAR_MS);
      spot *= Math.exp(x[0]!);
      for (let b = 0; b < 4; b++) vols[b] = vols[b]! + x[b + 1]! / 100;
    }
    const covariance = covarianceFromSamples(space, params, samples, 30 / 365);
    const at = (a: string, b: string) => covariance.perYear[covariance.factors.indexOf(a)]![covariance.factors.indexOf(b)]!;
    expect(at('delta BTC', 'delta BTC') / 0.36).toBeCloseTo(1, 1);
    expect(at('vega BTC 0-7d', 'vega BTC 0-7d') / 4900).toBeCloseTo(1, 1);
    expect(at('delta BTC', 'vega BTC 30-90d') / sigma[0]![3]!).toBeCloseTo(1, 0);
    expect(at('gamma BTC', 'gamma BTC')).toBeCloseTo(2 * at('delta BTC', 'delta BTC') ** 2 * params.hedgeIntervalYears, 12);
    expect(at('gamma BTC', 'delta BTC')).toBe(0);
    const engine = new QuoteEngine(premiumParams({ underlyings: ['BTC'], covariance }), [parseInstrument('BTC-27DEC26-80000-C') as OptionInstrument]);
    engine.setMarket(0, { forward: 80_000, T: 0.1, vol: 0.6 });
    engine.requote();
    expect(engine.view(0, 0).bid).not.toBeNull();
  });
});

describe('factor samples from the stored surface history', () => {
  const tempDir = useTempDirs();

  it('reads each stored calibration of the coin\'s main chain back as spot and ATM vol per bucket, in time order', () => {
    const db = openDatabase(path.join(tempDir(), 'desk.sqlite'));
    const store = new SurfaceStore(db);
    const params = premiumParams({ underlyings: ['BTC'] });
    const space = new FactorSpace(params);
    const dropped = Object.fromEntries(DROP_REASONS.map((reason) => [reason, 0])) as Record<(typeof DROP_REASONS)[number], number>;
    const record = (settlement: 'inverse' | 'linear', time: number, vol: number, forward: number) => {
      // Flat smiles (b = 0): total variance a = vol^2 T at every strike, so the ATM vol is `vol` at every tenor.
      const slices = [10, 45, 200].map((days) => ({
        expiry: time + days * 86_400_000,
        T: days / 365,
        forward,
        svi: { a: vol * vol * (days / 365), b: 0, rho: 0, m: 0, sigma: 0.1 },
        model: 'svi' as const,
        nUsed: 10,
        nDropped: 0,
        dropped,
        rmseVolPts: 0.1,
        withinBidAsk: 1,
        arbitrage: { butterfly: false, calendar: false },
      }));
      store.record({ venue: 'sim', underlying: 'BTC', settlement, inputsTime: time, calibratedAt: time, source: 'bid_ask', warm: false, durationMs: 1, slices });
    };
    const atm = [0.5, 0.56, 0.53, 0.6];
    atm.forEach((vol, t) => {
      const time = Date.UTC(2026, 0, 1) + t * 3_600_000;
      record('inverse', time, vol, 90_000 + 1_000 * t);
      // BTC's other chain (BTC_USDC), calibrated a millisecond later on its own quotes: not the same series.
      if (t % 2 === 1) record('linear', time + 1, vol + 0.05, 90_010 + 1_000 * t);
    });
    const samples = samplesFromStore(store, 'sim', space, params.tenorEdgesDays);
    expect(samples.map((s) => s.time)).toEqual(atm.map((_, t) => Date.UTC(2026, 0, 1) + t * 3_600_000));
    samples.forEach((sample, t) => {
      expect(sample.spot[0]).toBeCloseTo(90_000 + 1_000 * t, 6);
      for (let b = 0; b < space.buckets; b++) expect(sample.atmVol[b]).toBeCloseTo(atm[t]!, 12);
    });
    const covariance = covarianceFromSamples(space, params, samples, 30 / 365);
    expect(covariance.perYear[space.vol(0, 1)]![space.vol(0, 2)]).toBeGreaterThan(0); // vols moved together
    db.close();
  });
});

describe('risk aversion from the dealer', () => {
  it('"at the vega limit, skew by 1.5 vol points": the engine then skews that bucket by 1.5 vol points', () => {
    const [skew, limit, nu, tau] = [1.5, 20_000, 55, 1 / 365];
    const gamma = riskAversionFromSkew(skew, limit, nu, tau);
    const quiet: PremiumParamsInput = {
      underlyings: ['SOL'],
      riskAversion: gamma,
      unwindYears: tau,
      spotVol: { SOL: 1e-9 },
      volOfVol: { SOL: [nu, nu, nu, nu] },
      spotVolCorrelation: 0,
      limits: { SOL: { delta: 1e12, vega: 1e12, gamma: 1e12, notional: 1e15 } },
    };
    const option = parseInstrument('SOL_USDC-27DEC26-150-C') as OptionInstrument;
    const engine = new QuoteEngine(premiumParams(quiet), [option]);
    const market = { forward: 150, T: 20 / 365, vol: 0.8 };
    engine.setMarket(0, market);
    // One contract's vega (USD per vol point): the book's vol exposure while holding one.
    engine.addFill(0, 1);
    const vegaPerContract = engine.exposureOf(engine.space.vol(0, engine.space.bucketOf(market.T)));
    engine.addFill(0, -1);
    engine.addFill(0, limit / vegaPerContract); // the book at the vega limit
    engine.requote();
    const view = engine.view(0, 0);
    const skewVolPts = (view.premiumVolPts.inventory.bid - view.premiumVolPts.inventory.ask) / 2;
    expect(skewVolPts).toBeCloseTo(skew, 9);
  });
});

describe('markouts', () => {
  const fill = (bucket: string, side: 'buy' | 'sell', price: number, time: number): MarkedFill => ({ bucket, side, price, time, vega: 0.001 });

  it('measure the move against the dealer per bucket and side, in vol points, at each horizon', () => {
    // The mid drifts up 0.0001 per second from 0.05 at t = 0: buyers of the dealer's options are informed.
    const midAt = (_: MarkedFill, time: number) => 0.05 + 0.0001 * (time / 1000);
    const table = markoutTable([fill('BTC 7-30d', 'sell', 0.05, 0), fill('BTC 7-30d', 'sell', 0.051, 10_000), fill('BTC 7-30d', 'buy', 0.0499, 0)], midAt, [1_000, 60_000]);
    const entry = table.buckets.get('BTC 7-30d')!;
    // Sold at mid: after 60 s the mid is 0.006 higher, 6 vol points against; sold 0.051 at mid 0.051 likewise.
    expect(entry.ask.mean[1]).toBeCloseTo(6, 9);
    expect(entry.ask.count[1]).toBe(2);
    // Bought 1 tick below mid: the rise is in the dealer's favour, a negative markout against it.
    expect(entry.bid.mean[0]).toBeCloseTo(-(0.0501 - 0.0499) / 0.001, 9);
    expect(premiumMarkouts(table)['BTC 7-30d']!.ask).toEqual({ mean: entry.ask.mean[1], count: 2 });
  });

  it('feed the adverse term, shrunk toward the prior when fills are few', () => {
    const instrument = parseInstrument('BTC-27DEC26-80000-C') as OptionInstrument;
    const adverseWith = (count: number) => {
      const engine = new QuoteEngine(
        premiumParams({ adversePriorVolPts: 0.25, adversePriorFills: 50, markouts: { 'BTC 30-90d': { bid: { mean: 0, count: 0 }, ask: { mean: 2, count } } } }),
        [instrument],
      );
      engine.setMarket(0, { forward: 80_000, T: 45 / 365, vol: 0.6 });
      engine.requote();
      return engine.view(0, 0).premiumVolPts.adverse.ask;
    };
    expect(adverseWith(0)).toBeCloseTo(0.25, 12);
    expect(adverseWith(50)).toBeCloseTo((50 * 2 + 50 * 0.25) / 100, 12);
    expect(adverseWith(5000)).toBeGreaterThan(1.95);
  });
});
