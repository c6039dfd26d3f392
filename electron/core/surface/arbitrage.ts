/**
 * Static-arbitrage checks on fitted slices, on a dense grid of log-moneyness:
 *   butterfly  g(k) >= 0 and w(k) > 0 (Gatheral-Jacquier 2014, Lemma 2.2);
 *   calendar   total variance non-decreasing in T at every k (ibid., Lemma 2.1 / Prop. 2.1).
 * The grid covers the quoted strikes and a margin beyond them, where a quote would be extrapolated.
 */
import { rawButterflyDensity, rawSviVariance, type SviParams } from './svi';

/** Grid points per check, and how far beyond the quoted range (in k) it reaches. */
export const GRID_POINTS = 401;
const MARGIN = 0.5;
/** Round-off allowance: g and w differences are O(1) and O(w) quantities evaluated in doubles. */
const TOLERANCE = 1e-10;

/** The check grid over [kMin, kMax] and the margins, written into `grid` when given (its length is the point count). */
export function kGrid(kMin: number, kMax: number, points = GRID_POINTS, grid: Float64Array = new Float64Array(points)): Float64Array {
  const from = Math.min(kMin, -MARGIN) - MARGIN;
  const to = Math.max(kMax, MARGIN) + MARGIN;
  const step = (to - from) / (points - 1);
  for (let i = 0; i < points; i++) grid[i] = from + step * i;
  return grid;
}

// Each check reads the parameters into locals once and loops over the raw functions: reading them
// from the object per grid point made V8 box intermediate doubles, most of a warm tick's garbage.

/** The first k where the slice has butterfly arbitrage, or null. */
export function butterflyViolation({ a, b, rho, m, sigma }: SviParams, grid: Float64Array): number | null {
  for (let i = 0; i < grid.length; i++) if (!(rawButterflyDensity(a, b, rho, m, sigma, grid[i]!) >= -TOLERANCE)) return grid[i]!;
  return null;
}

/** How far, at most, the later slice's total variance falls below the earlier one's on the grid (0 if nowhere). */
export function calendarShortfall(earlier: SviParams, later: SviParams, grid: Float64Array): number {
  const { a, b, rho, m, sigma } = earlier;
  const { a: a2, b: b2, rho: rho2, m: m2, sigma: sigma2 } = later;
  let shortfall = 0;
  for (let i = 0; i < grid.length; i++) {
    const k = grid[i]!;
    shortfall = Math.max(shortfall, rawSviVariance(a, b, rho, m, sigma, k) - rawSviVariance(a2, b2, rho2, m2, sigma2, k));
  }
  return shortfall;
}

/** The first k where the later slice's total variance falls below the earlier one's, or null. */
export function calendarViolation(earlier: SviParams, later: SviParams, grid: Float64Array): number | null {
  const { a, b, rho, m, sigma } = earlier;
  const { a: a2, b: b2, rho: rho2, m: m2, sigma: sigma2 } = later;
  for (let i = 0; i < grid.length; i++) {
    const k = grid[i]!;
    const before = rawSviVariance(a, b, rho, m, sigma, k);
    if (rawSviVariance(a2, b2, rho2, m2, sigma2, k) < before - TOLERANCE * Math.max(1, before)) return k;
  }
  return null;
}
