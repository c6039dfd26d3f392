import { describe, expect, it } from 'vitest';
import { exp } from '../../../electron/core/pricing/exp';
import { parkMiller } from '../../support/option-grid';

describe('table-driven exponential', () => {
  it("stays within 2 ulp of fdlibm's (Math.exp) over the whole table range and near zero", () => {
    const uniform = parkMiller(7);
    let worst = 0;
    for (let i = 0; i < 300_000; i++) {
      const span = [700, 40, 1, 1e-6][i % 4]!;
      const x = (2 * uniform() - 1) * span;
      const reference = Math.exp(x);
      // Both are within about an ulp of e^x: their difference within 2 eps relative.
      worst = Math.max(worst, Math.abs(exp(x) - reference) / (reference * Number.EPSILON));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is exact where e^x is, and hands overflow, underflow and NaN to Math.exp', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(800)).toBe(Infinity);
    expect(exp(-800)).toBe(0);
    expect(exp(-745)).toBe(Math.exp(-745));
    expect(Number.isNaN(exp(Number.NaN))).toBe(true);
    expect(exp(-Infinity)).toBe(0);
  });

  it('is monotone across table boundaries', () => {
    for (let x = -5; x < 5; x += 1 / 97) expect(exp(x + 1e-12)).toBeGreaterThanOrEqual(exp(x));
  });
});
