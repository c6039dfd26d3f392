/**
 * Implied vol: round trips to machine precision over the benchmark grid, wings and 1-day
 * expiries; agreement with QuantLib; a reason (never NaN, never a throw) outside the bounds.
 */
import { describe, expect, it } from 'vitest';
import { black76Price } from '../../../electron/core/pricing/black76';
import { impliedVol, impliedVolatility } from '../../../electron/core/pricing/implied-vol';
import { QUANTLIB_PYTHON, runQuantLib } from '../../support/quantlib';
import { randomOptions } from '../../support/option-grid';

function maxRoundTripError(cases: ReturnType<typeof randomOptions>, relative: boolean): number {
  let worst = 0;
  for (const c of cases) {
    const vol = impliedVolatility(c.kind, c.F, c.K, c.T, black76Price(c.kind, c.F, c.K, c.T, c.vol));
    expect(vol).toBeGreaterThanOrEqual(0);
    worst = Math.max(worst, Math.abs(vol - c.vol) / (relative ? c.vol : 1));
  }
  return worst;
}

describe('implied vol round trip', () => {
  it('recovers the vol to 1e-12 on the benchmark grid (1 day .. 2 years, 20% .. 150%, |z| <= 2)', () => {
    expect(maxRoundTripError(randomOptions(100_000, { seed: 17 }), false)).toBeLessThanOrEqual(1e-12);
  });

  it('recovers the vol to 1e-12 relative in the wings (out-of-the-money to 7 standard deviations)', () => {
    // Out of the money only: an in-the-money price this far out is intrinsic plus a time value
    // below one ulp of it, and no method can get the vol back from such a number.
    const wings = randomOptions(50_000, { seed: 23, zMax: 7, volMin: 0.05, volMax: 3 }).map((c) => ({
      ...c,
      kind: c.K > c.F ? ('call' as const) : ('put' as const),
    }));
    expect(maxRoundTripError(wings, true)).toBeLessThanOrEqual(1e-12);
  });

  it('recovers 1-hour to 1-day expiries to 1e-12 relative', () => {
    const short = randomOptions(50_000, { seed: 29, tMin: 1 / (365 * 24), tMax: 1 / 365, zMax: 4 }).map((c) => ({
      ...c,
      kind: c.K > c.F ? ('call' as const) : ('put' as const),
    }));
    expect(maxRoundTripError(short, true)).toBeLessThanOrEqual(1e-12);
  });

  it('is the same for a put and the call of the same strike (parity maps one onto the other)', () => {
    for (const c of randomOptions(2000, { seed: 31, zMax: 3 })) {
      const call = black76Price('call', c.F, c.K, c.T, c.vol);
      const put = call - (c.F - c.K);
      if (put <= 0) continue;
      expect(impliedVolatility('put', c.F, c.K, c.T, put)).toBeCloseTo(impliedVolatility('call', c.F, c.K, c.T, call), 9);
    }
  });
});

describe('implied vol against QuantLib', () => {
  it.skipIf(!QUANTLIB_PYTHON)("agrees with QuantLib's blackFormulaImpliedStdDev to 1e-10", () => {
    const cases = randomOptions(2000, { seed: 37 }).map((c) => ({ ...c, price: black76Price(c.kind, c.F, c.K, c.T, c.vol) }));
    const reference = runQuantLib<number[]>('implied.py', cases);
    cases.forEach((c, i) => {
      // QuantLib's solver stops at its accuracy in stdDev, not at machine precision: 1e-10 covers it.
      expect(Math.abs(impliedVolatility(c.kind, c.F, c.K, c.T, c.price) - reference[i]!)).toBeLessThanOrEqual(1e-10);
    });
  });
});

describe('implied vol outside the bounds', () => {
  it('says why instead of returning NaN or throwing', () => {
    expect(impliedVol('call', 100, 90, 1, 9.99)).toEqual({ error: 'below_intrinsic' });
    expect(impliedVol('put', 100, 110, 1, 9)).toEqual({ error: 'below_intrinsic' });
    expect(impliedVol('call', 100, 90, 1, 100)).toEqual({ error: 'above_max' });
    expect(impliedVol('put', 100, 90, 1, 90)).toEqual({ error: 'above_max' });
    expect(impliedVol('call', 100, 90, 0, 12)).toEqual({ error: 'non_positive_time' });
    expect(impliedVol('call', -1, 90, 1, 12)).toEqual({ error: 'non_positive_forward' });
    expect(impliedVol('call', 100, 0, 1, 12)).toEqual({ error: 'non_positive_strike' });
    expect(impliedVol('call', 100, 90, 1, Number.NaN)).toEqual({ error: 'non_finite_input' });
    expect(impliedVol('call', 100, 90, Infinity, 12)).toEqual({ error: 'non_finite_input' });
  });

  it('gives vol 0 at exactly intrinsic value and a positive vol just above it', () => {
    expect(impliedVol('call', 100, 90, 1, 10)).toEqual({ vol: 0 });
    expect(impliedVolatility('call', 100, 90, 1, 10 + 1e-9)).toBeGreaterThan(0);
  });
});
