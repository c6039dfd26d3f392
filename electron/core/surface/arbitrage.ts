/**
 * Static-arbitrage checks on fitted slices, on a dense grid of log-moneyness:
 *   butterfly  g(k) >= 0 and w(k) > 0 (Gatheral-Jacquier 2014, Lemma 2.2);
 *   calendar   total variance non-decreasing in T at every k (ibid., Lemma 2.1 / Prop. 2.1).
 * The grid covers the quoted strikes and a margin beyond them, where a quote would be extrapolated.
 */
import { butterflyDensity, sviVariance, type SviParams } from './svi';

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

/** The first k where the slice has butterfly arbitrage, or null. */
export function butterflyViolation(p: SviParams, grid: Float64Array): number | null {
  for (const k of grid) if (!(butterflyDensity(p, k) >= -TOLERANCE)) return k;
  return null;
}

/** How far, at most, the later slice's total variance falls below the earlier one's on the grid (0 if nowhere). */
export function calendarShortfall(earlier: SviParams, later: SviParams, grid: Float64Array): number {
  let shortfall = 0;
  for (const k of grid) shortfall = Math.max(shortfall, sviVariance(earlier, k) - sviVariance(later, k));
  return shortfall;
}

/** The first k where the later slice's total variance falls below the earlier one's, or null. */
export function calendarViolation(earlier: SviParams, later: SviParams, grid: Float64Array): number | null {
  for (const k of grid) {
    const before = sviVariance(earlier, k);
    if (sviVariance(later, k) < before - TOLERANCE * Math.max(1, before)) return k;
  }
  return null;
}
