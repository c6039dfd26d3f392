import { describe, expect, it } from 'vitest';
import { butterflyViolation, calendarViolation, kGrid } from '../../../../electron/core/surface/arbitrage';
import { sviVariance, type SviParams } from '../../../../electron/core/surface/svi';
import { SimMarket } from '../../../../electron/core/market/sim/market';
import { Rng } from '../../../../electron/core/market/sim/random';
import { admissibleEta, atmTotalVariance, skewRho, ssviSlice, type SurfaceParams } from '../../../../electron/core/market/sim/surface';

/** The wide grid of arbitrage.ts plus a fine one of +-8 ATM standard deviations, where short smiles live. */
function grids(theta: number): Float64Array[] {
  const reach = 8 * Math.sqrt(theta);
  return [kGrid(-2, 2), Float64Array.from({ length: 801 }, (_, i) => -reach + (2 * reach * i) / 800)];
}

function checkSurface(slices: readonly { theta: number; params: SviParams }[]): void {
  for (const { theta, params } of slices) for (const grid of grids(theta)) expect(butterflyViolation(params, grid)).toBeNull();
  for (let j = 1; j < slices.length; j++) {
    for (const grid of [...grids(slices[j - 1]!.theta), ...grids(slices[j]!.theta)]) expect(calendarViolation(slices[j - 1]!.params, slices[j]!.params, grid)).toBeNull();
  }
}

const blank = (): SviParams => ({ a: 0, b: 0, rho: 0, m: 0, sigma: 0 });
const YEARS = [1 / 365, 2 / 365, 3 / 365, 9 / 365, 16 / 365, 23 / 365, 44 / 365, 72 / 365, 163 / 365, 254 / 365, 345 / 365];

describe('the simulated surface', () => {
  it('is the SSVI slice in raw SVI form: ATM total variance theta, and SSVI w(k) everywhere', () => {
    const theta = 0.04;
    const rho = -0.3;
    const eta = 1.1;
    const slice = ssviSlice(blank(), theta, rho, eta);
    const phi = eta / Math.sqrt(theta * (1 + theta));
    for (const k of [-1, -0.3, 0, 0.2, 0.8]) {
      const ssvi = (theta / 2) * (1 + rho * phi * k + Math.sqrt((phi * k + rho) ** 2 + 1 - rho * rho));
      expect(sviVariance(slice, k)).toBeCloseTo(ssvi, 14);
    }
    expect(sviVariance(slice, 0)).toBeCloseTo(theta, 15);
  });

  it('has no butterfly or calendar arbitrage over random states (200 surfaces of 11 expiries)', () => {
    const rng = new Rng(2024);
    for (let trial = 0; trial < 200; trial++) {
      const params: SurfaceParams = { variancePremium: 0.8 + 0.6 * rng.uniform(), skew: 0.9 * (2 * rng.uniform() - 1), skewBeta: 4 * rng.uniform(), eta: 0.2 + 3 * rng.uniform(), carry: 0.05 };
      const rho = skewRho(params, 0.6 * (2 * rng.uniform() - 1));
      const eta = admissibleEta(params.eta, rho);
      const v0 = (0.1 + 2 * rng.uniform()) ** 2;
      const vInf = (0.2 + rng.uniform()) ** 2;
      const kappa = 1 + 20 * rng.uniform();
      const jumps = 0.05 * rng.uniform();
      const slices = YEARS.map((years) => {
        const theta = atmTotalVariance(params, v0, vInf, kappa, jumps, years);
        return { theta, params: ssviSlice(blank(), theta, rho, eta) };
      });
      checkSurface(slices);
    }
  });

  it('would have butterfly arbitrage without the eta cap (so the check above can fail)', () => {
    const theta = 0.01;
    expect(butterflyViolation(ssviSlice(blank(), theta, -0.9, 2.5), grids(theta)[1]!)).not.toBeNull();
    expect(butterflyViolation(ssviSlice(blank(), theta, -0.9, admissibleEta(2.5, -0.9)), grids(theta)[1]!)).toBeNull();
  });

  it("keeps the running market's surfaces free of arbitrage through a correlated crash and a vol spike", () => {
    const market = new SimMarket({ seed: 8, start: Date.UTC(2026, 0, 14, 12), stepMs: 1_000 });
    const check = () => {
      for (const base of market.bases) {
        const slices = market.slices(base).map(({ params, years }) => ({ theta: sviVariance(params, 0), params, years }));
        for (let j = 1; j < slices.length; j++) expect(slices[j]!.theta).toBeGreaterThan(slices[j - 1]!.theta);
        checkSurface(slices);
      }
    };
    check();
    market.inject({ kind: 'correlated-crash' });
    market.advance(20_000);
    check();
    market.inject({ kind: 'vol-spike', multiplier: 2.5 });
    market.advance(5_000);
    check();
  });
});
