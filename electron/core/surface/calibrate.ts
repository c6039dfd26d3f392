/**
 * A chain's calibration: raw SVI per expiry, its fit against the quotes, and the static-arbitrage
 * status of every slice. Nothing arbitrageable is passed on silently: a violation stays flagged.
 */
import { calendarViolation, butterflyViolation, kGrid } from './arbitrage';
import type { DropReason, ExpirySlice } from './chain';
import { fitSvi } from './fit-svi';
import { sviVariance, type SviParams } from './svi';

export interface SliceCalibration {
  expiry: number;
  T: number;
  forward: number;
  /** null when the slice has fewer than 3 usable quotes. */
  svi: SviParams | null;
  nUsed: number;
  nDropped: number;
  dropped: Record<DropReason, number>;
  /** Root mean square of fitted minus target vol, in vol points. */
  rmseVolPts: number | null;
  /** Fraction of used quotes whose fitted vol lies within their bid/ask IVs (null when fitting marks). */
  withinBidAsk: number | null;
  /** true where a violation remains. */
  arbitrage: { butterfly: boolean; calendar: boolean };
}

/** Calibrate every slice; `warm` holds the last parameters per expiry for a warm start. */
export function calibrateSlices(slices: readonly ExpirySlice[], warm?: ReadonlyMap<number, SviParams>): SliceCalibration[] {
  const results: SliceCalibration[] = [];
  let previous: { svi: SviParams; kMin: number; kMax: number } | null = null;
  for (const slice of slices) {
    const nDropped = Object.values(slice.dropped).reduce((sum, n) => sum + n, 0);
    const base = { expiry: slice.expiry, T: slice.T, forward: slice.forward, nUsed: slice.points.length, nDropped, dropped: slice.dropped };
    if (slice.points.length < 3) {
      results.push({ ...base, svi: null, rmseVolPts: null, withinBidAsk: null, arbitrage: { butterfly: false, calendar: false } });
      continue;
    }
    const svi = fitSvi(slice.points, warm?.get(slice.expiry)).params;
    let squared = 0;
    let inside = 0;
    for (const quote of slice.used) {
      const vol = Math.sqrt(Math.max(sviVariance(svi, quote.k), 0) / slice.T);
      squared += (vol - quote.targetIv) ** 2;
      if (quote.bidIv !== null && quote.askIv !== null && vol >= quote.bidIv && vol <= quote.askIv) inside++;
    }
    const ks = slice.points.map((p) => p.k);
    const kMin = Math.min(...ks);
    const kMax = Math.max(...ks);
    const butterfly = butterflyViolation(svi, kGrid(kMin, kMax)) !== null;
    const calendar = previous !== null && calendarViolation(previous.svi, svi, kGrid(Math.min(kMin, previous.kMin), Math.max(kMax, previous.kMax))) !== null;
    const twoSided = slice.used.every((quote) => quote.bidIv !== null);
    results.push({
      ...base,
      svi,
      rmseVolPts: 100 * Math.sqrt(squared / slice.used.length),
      withinBidAsk: twoSided ? inside / slice.used.length : null,
      arbitrage: { butterfly, calendar },
    });
    previous = { svi, kMin, kMax };
  }
  return results;
}
