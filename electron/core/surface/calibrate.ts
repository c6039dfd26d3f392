/**
 * A chain's calibration: one slice per expiry, earliest first, each free of static arbitrage where
 * that can be had, and flagged where it cannot. Per slice:
 *   1. raw SVI, quasi-explicit, to the bid/ask bands (fit-svi.ts);
 *   2. on calendar arbitrage against the previous accepted slice, the same fit with that slice as
 *      a floor (band-loss.ts);
 *   3. on any violation left, SSVI inside Theorem 4.2's bound, with the same floor (fit-ssvi.ts),
 *      kept when it leaves fewer violations;
 *   4. a floor is a penalty, so a fit can still dip below it by a hair: the slice is then lifted
 *      by that dip (a constant in total variance leaves the smile's shape as it is).
 * The arbitrage flags are always the dense-grid checks of the slice handed on (arbitrage.ts).
 */
import { butterflyViolation, calendarShortfall, calendarViolation, kGrid } from './arbitrage';
import { floorOf } from './band-loss';
import type { DropReason, ExpirySlice } from './chain';
import { fitSsvi } from './fit-ssvi';
import { fitSvi } from './fit-svi';
import { sviVariance, type SviParams } from './svi';

/** Which model the slice's parameters come from (SSVI slices are reported as their raw SVI). */
export type SliceModel = 'svi' | 'ssvi';

export interface SliceCalibration {
  expiry: number;
  T: number;
  forward: number;
  /** null when the slice has fewer than 3 usable quotes. */
  svi: SviParams | null;
  model: SliceModel | null;
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

/** Grid points of the floor a repaired slice is held above (the final check is on a finer grid). */
const FLOOR_POINTS = 61;

interface Accepted {
  svi: SviParams;
  kMin: number;
  kMax: number;
}

/** The grid on which a slice is checked against the one before it: both slices' quoted ranges. */
function calendarGrid(kMin: number, kMax: number, previous: Accepted, points?: number): Float64Array {
  return kGrid(Math.min(kMin, previous.kMin), Math.max(kMax, previous.kMax), points);
}

function violations(svi: SviParams, kMin: number, kMax: number, previous: Accepted | null) {
  const butterfly = butterflyViolation(svi, kGrid(kMin, kMax)) !== null;
  const calendar = previous !== null && calendarViolation(previous.svi, svi, calendarGrid(kMin, kMax, previous)) !== null;
  return { butterfly, calendar };
}

/** A dip below the floor this small (relative to the at-the-money total variance) is lifted away. */
const LIFT_LIMIT = 1e-3;

const count = (flags: { butterfly: boolean; calendar: boolean }) => Number(flags.butterfly) + Number(flags.calendar);

/** Calibrate every slice; `warm` holds the last parameters per expiry for a warm start. */
export function calibrateSlices(slices: readonly ExpirySlice[], warm?: ReadonlyMap<number, SviParams>): SliceCalibration[] {
  const results: SliceCalibration[] = [];
  let previous: Accepted | null = null;
  for (const slice of slices) {
    const nDropped = Object.values(slice.dropped).reduce((sum, n) => sum + n, 0);
    const base = { expiry: slice.expiry, T: slice.T, forward: slice.forward, nUsed: slice.points.length, nDropped, dropped: slice.dropped };
    if (slice.points.length < 3) {
      results.push({ ...base, svi: null, model: null, rmseVolPts: null, withinBidAsk: null, arbitrage: { butterfly: false, calendar: false } });
      continue;
    }
    const ks = slice.points.map((p) => p.k);
    const kMin = Math.min(...ks);
    const kMax = Math.max(...ks);
    const floor = previous && floorOf(previous.svi, calendarGrid(kMin, kMax, previous, FLOOR_POINTS));
    let svi = fitSvi(slice.points, { warm: warm?.get(slice.expiry) }).params;
    let model: SliceModel = 'svi';
    let arbitrage = violations(svi, kMin, kMax, previous);
    // The floored fit starts from the free one; only if that search stalls does it start cold.
    for (const start of [svi, undefined]) {
      if (!(arbitrage.calendar && floor)) break;
      svi = fitSvi(slice.points, { floor, warm: start }).params;
      arbitrage = violations(svi, kMin, kMax, previous);
    }
    if (count(arbitrage) > 0) {
      const ssvi = fitSsvi(slice.points, floor ?? undefined).params;
      const ssviArbitrage = violations(ssvi, kMin, kMax, previous);
      if (count(ssviArbitrage) < count(arbitrage)) [svi, model, arbitrage] = [ssvi, 'ssvi', ssviArbitrage];
    }
    if (arbitrage.calendar && previous) {
      const dip = calendarShortfall(previous.svi, svi, calendarGrid(kMin, kMax, previous));
      if (dip < LIFT_LIMIT * sviVariance(svi, 0)) {
        const lifted = { ...svi, a: svi.a + dip * (1 + 1e-9) };
        const liftedArbitrage = violations(lifted, kMin, kMax, previous);
        if (count(liftedArbitrage) < count(arbitrage)) [svi, arbitrage] = [lifted, liftedArbitrage];
      }
    }
    let squared = 0;
    let inside = 0;
    for (const quote of slice.used) {
      const vol = Math.sqrt(Math.max(sviVariance(svi, quote.k), 0) / slice.T);
      squared += (vol - quote.targetIv) ** 2;
      if (quote.bidIv !== null && quote.askIv !== null && vol >= quote.bidIv && vol <= quote.askIv) inside++;
    }
    const twoSided = slice.used.every((quote) => quote.bidIv !== null);
    results.push({
      ...base,
      svi,
      model,
      rmseVolPts: 100 * Math.sqrt(squared / slice.used.length),
      withinBidAsk: twoSided ? inside / slice.used.length : null,
      arbitrage,
    });
    previous = { svi, kMin, kMax };
  }
  return results;
}
