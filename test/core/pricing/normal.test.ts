import { describe, expect, it } from 'vitest';
import { erfc, erfcx, inverseNormCdf, normCdf, normPdf } from '../../../electron/core/pricing/normal';
import { QUANTLIB_PYTHON, runQuantLib } from '../../support/quantlib';

describe('normal distribution', () => {
  const xs = Array.from({ length: 401 }, (_, i) => -10 + i * 0.05).concat([-26, -20, 12, 20, 26, 27]);

  it.skipIf(!QUANTLIB_PYTHON)("erfc matches libm's to a few ulp and the quantile inverts libm's Phi", () => {
    const reference = runQuantLib<{ erfc: number[]; phi: number[] }>('normal.py', xs);
    xs.forEach((x, i) => {
      const expected = reference.erfc[i]!;
      // Cody's approximations are good to ~1e-16 and libm's to ~1 ulp: 3 ulp (7e-16) relative.
      expect(Math.abs(erfc(x) - expected)).toBeLessThanOrEqual(7e-16 * expected + 1e-300);
    });
    xs.forEach((x, i) => {
      // u itself is only known to an ulp, which moves x by ulp(u) / phi(x): allow 4 of those.
      const u = reference.phi[i]!;
      const conditioning = (4 * Number.EPSILON * u) / normPdf(x);
      if (u > 0 && u < 1) expect(Math.abs(inverseNormCdf(u) - x)).toBeLessThanOrEqual(conditioning + 1e-15 * Math.abs(x));
    });
  });

  it('erfcx is exp(x^2) erfc(x) without overflow, and 1/(x sqrt(pi)) asymptotically', () => {
    for (const x of [-3, -1, -0.3, 0, 0.3, 1, 3]) {
      const direct = Math.exp(x * x) * erfc(x);
      expect(Math.abs(erfcx(x) - direct)).toBeLessThanOrEqual(1e-14 * direct);
    }
    expect(erfcx(1e9) * 1e9 * Math.sqrt(Math.PI)).toBeCloseTo(1, 15);
    expect(erfcx(30)).toBeGreaterThan(0);
  });

  it('Phi and its inverse round trip, and the tails are exact limits', () => {
    for (let u = 1e-15; u < 1; u = u * 3 + 1e-3) expect(normCdf(inverseNormCdf(u))).toBeCloseTo(u, 14);
    expect(inverseNormCdf(0)).toBe(-Infinity);
    expect(inverseNormCdf(1)).toBe(Infinity);
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(0)).toBe(0.5);
  });
});
