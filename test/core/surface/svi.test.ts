import { describe, expect, it } from 'vitest';
import { butterflyViolation, calendarViolation, kGrid } from '../../../electron/core/surface/arbitrage';
import type { SlicePoint } from '../../../electron/core/surface/band-loss';
import { fitSvi } from '../../../electron/core/surface/fit-svi';
import { butterflyDensity, sviVariance, type SviParams } from '../../../electron/core/surface/svi';
import { parkMiller } from '../../support/option-grid';

/** Axel Vogt's example (Gatheral-Jacquier 2014, eq. 3.1): positive variance, negative density. */
const VOGT: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };
/** A slice with no arbitrage (Gatheral-Jacquier's SSVI-like shape, moderate skew). */
const CLEAN: SviParams = { a: 0.02, b: 0.12, rho: -0.35, m: 0.05, sigma: 0.25 };

describe('raw SVI and its arbitrage checks', () => {
  it("flags Vogt's slice where g(k) < 0 (near k = 1.15 at t = 1), and passes a clean one", () => {
    const grid = kGrid(-1.5, 1.5);
    const where = butterflyViolation(VOGT, grid);
    expect(where).not.toBeNull();
    expect(butterflyDensity(VOGT, 1.15)).toBeLessThan(0);
    expect(sviVariance(VOGT, where!)).toBeGreaterThan(0); // the variance itself is fine there
    expect(butterflyViolation(CLEAN, grid)).toBeNull();
  });

  it('flags crossing total variance between expiries, and not a later slice lying above', () => {
    const grid = kGrid(-1, 1);
    const later = { ...CLEAN, a: CLEAN.a + 0.03 };
    expect(calendarViolation(CLEAN, later, grid)).toBeNull();
    expect(calendarViolation(later, CLEAN, grid)).not.toBeNull();
    // Same ATM level, steeper skew later: the wings cross.
    expect(calendarViolation(CLEAN, { ...CLEAN, rho: 0.4 }, grid)).not.toBeNull();
  });

  it('recovers the parameters of a synthetic slice, exactly without noise', () => {
    const points: SlicePoint[] = Array.from({ length: 25 }, (_, i) => {
      const k = -0.6 + (1.2 * i) / 24;
      return { k, w: sviVariance(CLEAN, k), weight: 1 };
    });
    const { params } = fitSvi(points);
    for (const key of ['a', 'b', 'rho', 'm', 'sigma'] as const) expect(params[key]).toBeCloseTo(CLEAN[key], 4);
    for (const { k, w } of points) expect(Math.abs(sviVariance(params, k) - w)).toBeLessThan(1e-8);
  });

  it('fits noisy quotes to within the noise, and a warm start from the answer stays there', () => {
    const uniform = parkMiller(11);
    const points: SlicePoint[] = Array.from({ length: 30 }, (_, i) => {
      const k = -0.5 + i / 29;
      return { k, w: sviVariance(CLEAN, k) * (1 + 0.002 * (2 * uniform() - 1)), weight: 1 };
    });
    const cold = fitSvi(points);
    for (const { k } of points) expect(Math.abs(sviVariance(cold.params, k) / sviVariance(CLEAN, k) - 1)).toBeLessThan(0.003);
    const warm = fitSvi(points, { warm: cold.params });
    expect(warm.objective).toBeLessThanOrEqual(cold.objective * (1 + 1e-9));
    expect(warm.evaluations).toBeLessThan(cold.evaluations);
  });

  it('refuses fewer than 3 points with a reason', () => {
    expect(() => fitSvi([{ k: 0, w: 0.1, weight: 1 }])).toThrow(/at least 3 points/);
  });
});
