/**
 * The risk the hedges are judged by: the premium engine's mean-variance charge on the book's
 * factor exposures E, R(E) = (gamma/2) E' Sigma_tau E in USD (MODEL.md, "Inventory risk"), with
 * Sigma_tau the horizon covariance of factors.ts (delta held to the next hedge, options to unwind).
 *
 * coinRisk is one coin's share alone, what hedging that coin's delta by itself addresses (with
 * correlated coins, a per-coin hedge can raise the whole book's risk: cross.ts weighs them together).
 *
 * hedgedRisk is what is left once the spot factors are hedged optimally (any delta can be bought
 * in perpetuals): minimising over E_s gives the Schur complement,
 *   R_perp(E) = (gamma/2) E_r' (Sigma_rr - Sigma_rs Sigma_ss^-1 Sigma_sr) E_r,
 * r the gamma and vol factors. Option hedges (vega, gamma) are judged by it, so the delta an
 * option trade brings is not counted against it: the delta hedge takes care of that.
 */
import { horizonCovariance, type FactorSpace } from '../premium/factors';
import type { PremiumParams } from '../premium/params';

export class RiskMeasure {
  readonly sigma: Float64Array;
  /** Schur complement on the non-spot factors, in the full factor indexing (spot rows and columns 0). */
  readonly hedgedSigma: Float64Array;
  readonly riskAversion: number;
  private readonly n: number;

  constructor(
    readonly space: FactorSpace,
    params: PremiumParams,
  ) {
    this.riskAversion = params.riskAversion;
    this.sigma = horizonCovariance(space, params);
    this.n = space.size;
    this.hedgedSigma = schurOnSpot(this.sigma, space);
  }

  /** (gamma/2) E' Sigma E, USD. */
  risk(E: ArrayLike<number>): number {
    return 0.5 * this.riskAversion * quadratic(this.sigma, E, this.n);
  }

  /** The risk of one coin's own exposures (its spot, gamma and vol factors), USD: what its delta hedge addresses. */
  coinRisk(E: ArrayLike<number>, coin: number): number {
    const { space, sigma, n } = this;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (E[i] === 0 || space.coinOf(i) !== coin) continue;
      for (let j = 0; j < n; j++) if (space.coinOf(j) === coin) sum += E[i]! * sigma[i * n + j]! * E[j]!;
    }
    return 0.5 * this.riskAversion * sum;
  }

  /** The risk left after the best delta hedge, USD. */
  hedgedRisk(E: ArrayLike<number>): number {
    return 0.5 * this.riskAversion * quadratic(this.hedgedSigma, E, this.n);
  }
}

function quadratic(matrix: Float64Array, x: ArrayLike<number>, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    let row = 0;
    for (let j = 0; j < n; j++) row += matrix[i * n + j]! * x[j]!;
    sum += xi * row;
  }
  return sum;
}

function schurOnSpot(sigma: Float64Array, space: FactorSpace): Float64Array {
  const n = space.size;
  const spots = space.underlyings.map((_, c) => space.spot(c));
  const k = spots.length;
  // Sigma_ss^-1 Sigma_sr by Gauss-Jordan on [Sigma_ss | Sigma_s.] (k is the number of coins: tiny).
  const width = k + n;
  const aug = new Float64Array(k * width);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) aug[a * width + b] = sigma[spots[a]! * n + spots[b]!]!;
    for (let j = 0; j < n; j++) aug[a * width + k + j] = sigma[spots[a]! * n + j]!;
  }
  for (let p = 0; p < k; p++) {
    const pivot = aug[p * width + p]!;
    if (!(pivot > 0)) throw new Error(`the spot covariance is singular at ${space.name(spots[p]!)}`);
    for (let j = 0; j < width; j++) aug[p * width + j]! /= pivot;
    for (let a = 0; a < k; a++) {
      if (a === p) continue;
      const factor = aug[a * width + p]!;
      for (let j = 0; j < width; j++) aug[a * width + j]! -= factor * aug[p * width + j]!;
    }
  }
  const out = new Float64Array(n * n);
  const isSpot = new Uint8Array(n);
  for (const s of spots) isSpot[s] = 1;
  for (let i = 0; i < n; i++) {
    if (isSpot[i]) continue;
    for (let j = 0; j < n; j++) {
      if (isSpot[j]) continue;
      let correction = 0;
      for (let a = 0; a < k; a++) correction += sigma[i * n + spots[a]!]! * aug[a * width + k + j]!;
      out[i * n + j] = sigma[i * n + j]! - correction;
    }
  }
  return out;
}
