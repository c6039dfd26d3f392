/**
 * Black-76 prices and greeks: against QuantLib (an independent implementation), against
 * finite differences of our own price for the greeks QuantLib does not give, and properties.
 */
import { describe, expect, it } from 'vitest';
import { black76, black76Price, Valuation } from '../../../electron/core/pricing/black76';
import { normPdf } from '../../../electron/core/pricing/normal';
import { blackTerms, NormalisedBlack, normalisedBlack } from '../../../electron/core/pricing/normalized-black';
import { QUANTLIB_PYTHON, runQuantLib } from '../../support/quantlib';
import { randomOptions } from '../../support/option-grid';

describe('Black-76 against QuantLib', () => {
  it.skipIf(!QUANTLIB_PYTHON)('prices to 1e-12 relative and greeks to 1e-10 on 3,000 random options', () => {
    // Moneyness within 2.5 standard deviations: QuantLib's plain F N(d1) - K N(d2) loses digits
    // to cancellation beyond that, and the comparison would measure QuantLib's rounding, not ours.
    const cases = randomOptions(3000, { zMax: 2.5, seed: 7 });
    const reference = runQuantLib<{ price: number; delta: number; gamma: number; vega: number; theta: number }[]>('black76.py', cases);
    const out = new Valuation();
    let worstPrice = 0;
    cases.forEach((c, i) => {
      const ql = reference[i]!;
      black76(out, c.kind, c.F, c.K, c.T, c.vol);
      worstPrice = Math.max(worstPrice, Math.abs(out.price - ql.price) / ql.price);
      expect(out.delta).toBeCloseTo(ql.delta, 12);
      expect(Math.abs(out.gamma - ql.gamma)).toBeLessThanOrEqual(1e-10 * ql.gamma + 1e-300);
      expect(Math.abs(out.vega - ql.vega / 100)).toBeLessThanOrEqual(1e-10 * ql.vega);
      // QuantLib's theta is per year.
      expect(Math.abs(out.theta - ql.theta / 365)).toBeLessThanOrEqual(1e-10 * Math.abs(ql.theta));
    });
    expect(worstPrice).toBeLessThanOrEqual(1e-12);
  });
});

describe('Black-76 greeks against finite differences', () => {
  // Central differences with step h have error O(h^2) plus rounding eps/h: 1e-6 relative is
  // what a step of 1e-4 (vol) or 1e-4 F (forward) can resolve.
  const out = new Valuation();
  const value = (kind: 'call' | 'put', F: number, K: number, T: number, vol: number) => black76(new Valuation(), kind, F, K, T, vol);
  for (const c of randomOptions(200, { zMax: 2, seed: 11 })) {
    it(`${c.kind} F=${c.F} K=${c.K.toFixed(2)} T=${c.T.toFixed(3)} vol=${c.vol.toFixed(2)}`, () => {
      black76(out, c.kind, c.F, c.K, c.T, c.vol);
      const dv = 1e-4;
      const up = value(c.kind, c.F, c.K, c.T, c.vol + dv);
      const down = value(c.kind, c.F, c.K, c.T, c.vol - dv);
      const vannaFd = ((up.delta - down.delta) / (2 * dv)) * 0.01;
      const volgaFd = ((up.vega - down.vega) / (2 * dv)) * 0.01;
      expect(Math.abs(out.vanna - vannaFd)).toBeLessThanOrEqual(1e-6 * Math.abs(vannaFd) + 1e-9);
      expect(Math.abs(out.volga - volgaFd)).toBeLessThanOrEqual(1e-6 * (Math.abs(volgaFd) + 1e-4));
      const dF = 1e-4 * c.F;
      const deltaFd = (black76Price(c.kind, c.F + dF, c.K, c.T, c.vol) - black76Price(c.kind, c.F - dF, c.K, c.T, c.vol)) / (2 * dF);
      expect(Math.abs(out.delta - deltaFd)).toBeLessThanOrEqual(1e-6);
    });
  }
});

describe('Black-76 properties', () => {
  const out = new Valuation();
  it('put-call parity C - P = D (F - K) holds to rounding', () => {
    for (const c of randomOptions(2000, { zMax: 4, seed: 3 })) {
      const call = black76(out, 'call', c.F, c.K, c.T, c.vol, 0.05).price;
      const put = black76(out, 'put', c.F, c.K, c.T, c.vol, 0.05).price;
      expect(Math.abs(call - put - Math.exp(-0.05 * c.T) * (c.F - c.K))).toBeLessThanOrEqual(1e-12 * Math.max(c.F, c.K));
    }
  });

  it('prices increase with vol, calls fall and puts rise with strike', () => {
    for (const c of randomOptions(500, { zMax: 3, seed: 5 })) {
      expect(black76Price(c.kind, c.F, c.K, c.T, c.vol * 1.01)).toBeGreaterThan(black76Price(c.kind, c.F, c.K, c.T, c.vol));
      const higherStrike = black76Price(c.kind, c.F, c.K * 1.01, c.T, c.vol);
      if (c.kind === 'call') expect(higherStrike).toBeLessThan(black76Price('call', c.F, c.K, c.T, c.vol));
      else expect(higherStrike).toBeGreaterThan(black76Price('put', c.F, c.K, c.T, c.vol));
    }
  });

  it('tends to intrinsic value as T -> 0, and is exactly intrinsic at T = 0', () => {
    expect(black76(out, 'call', 100, 90, 0, 0.5).price).toBe(10);
    expect(out.delta).toBe(1);
    expect(black76(out, 'put', 100, 90, 0, 0.5).price).toBe(0);
    const nearExpiry = black76(out, 'call', 100, 90, 1e-9, 0.5).price;
    expect(nearExpiry).toBeGreaterThanOrEqual(10);
    expect(nearExpiry - 10).toBeLessThan(1e-12);
  });

  it('keeps full relative precision far out of the money, where F N(d1) - K N(d2) cancels', () => {
    // 8 standard deviations out: the price is ~1e-16 of F. The normalised form keeps it
    // positive and consistent with the asymptotic Phi(-z) ~ phi(z)/z (relative 1/z^2 terms).
    const price = black76Price('call', 100, 100 * Math.exp(0.2 * 8), 1, 0.2);
    expect(price).toBeGreaterThan(0);
    expect(price).toBeLessThan(1e-12);
    expect(black76Price('call', 100, 100 * Math.exp(0.2 * 8), 1, 0.2 * 1.001)).toBeGreaterThan(price);
  });
});

describe('Black-76 time value: the plain terms against the normalised series', () => {
  // Prices and greeks take the two terms min(F,K) Phi(h+t) - max(F,K) Phi(h-t) wherever they
  // cancel to no less than 2^-8 of the larger: each term is good to a few ulp, so the difference
  // keeps 2^8 x 3 ulp = 1.7e-13 relative. The normalised Black function (series at small t) is
  // the reference; 2e-13 is that bound rounded up.
  const reference = new NormalisedBlack();
  // The out-of-the-money option of each strike: its price is the time value, with no intrinsic value to hide it.
  const timeValue = ({ F, K, T, vol }: { F: number; K: number; T: number; vol: number }) => black76Price(F < K ? 'call' : 'put', F, K, T, vol);
  const normalised = ({ F, K, T, vol }: { F: number; K: number; T: number; vol: number }) =>
    Math.sqrt(F * K) * normalisedBlack(reference, -Math.abs(Math.log(F / K)), vol * Math.sqrt(T), Math.sqrt(F < K ? F / K : K / F)).value;

  const wings = [
    { name: 'the benchmark grid', cases: randomOptions(50_000, { seed: 1 }) },
    { name: '6 standard deviations, 1-hour expiries', cases: randomOptions(20_000, { seed: 2, zMax: 6, tMin: 1 / 8760 }) },
    { name: '30 standard deviations, vols from 5%', cases: randomOptions(20_000, { seed: 4, zMax: 30, tMin: 1 / 8760, volMin: 0.05 }) },
  ];
  for (const { name, cases } of wings) {
    it(`agree to 2e-13 relative over ${name}`, () => {
      let worst = 0;
      for (const c of cases) {
        const expected = normalised(c);
        // Beyond h = -10 at small t the normalised function is itself the difference of the terms
        // (no series converges there) and both lose the same digits to cancellation: no reference.
        if (reference.h < -10 && reference.t < 0.21) continue;
        if (expected > 0) worst = Math.max(worst, Math.abs(timeValue(c) - expected) / expected);
      }
      expect(worst).toBeLessThanOrEqual(2e-13);
    });
  }

  it('need no series anywhere on the benchmark grid (|z| <= 2, T >= 1 day)', () => {
    const terms = new NormalisedBlack();
    for (const { F, K, T, vol } of randomOptions(50_000, { seed: 1 })) {
      const s = vol * Math.sqrt(T);
      Object.assign(terms, { h: -Math.abs(Math.log(F / K)) / s, t: 0.5 * s, upperScale: Math.min(F, K), lowerScale: Math.max(F, K) });
      terms.vega = Math.sqrt(F * K) * normPdf(Math.hypot(terms.h, terms.t));
      expect(blackTerms(terms)).toBe(true);
    }
  });
});
