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
 * Warm (the chain ticked), a slice needing repair goes straight to the model its last calibration
 * ended on, from those parameters, and falls back to the cold steps only if that leaves arbitrage:
 * on the 2025 marks chain, where half the slices need a floor and two SSVI, the cold steps made a
 * warm recalibration cost almost as much as a cold one.
 */
import { butterflyViolation, calendarShortfall, calendarViolation, GRID_POINTS, kGrid } from './arbitrage';
import { floorOf, type Floor } from './band-loss';
import type { DropReason, ExpirySlice } from './chain';
import { fitSsvi } from './fit-ssvi';
import { float64Views } from './float64-views';
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

/** The grid on which a slice is checked against the one before it (both slices' quoted ranges), into `grid`. */
function calendarGrid(kMin: number, kMax: number, previous: Accepted, grid: Float64Array): Float64Array {
  return kGrid(Math.min(kMin, previous.kMin), Math.max(kMax, previous.kMax), grid.length, grid);
}


/**
 * The floored search from the last floored answer: its first simplex only, that answer's (m, sigma)
 * and a small step in each, each re-solved exactly in (a, d, c) under the new floor. The floor
 * holds a repaired slice's shape, so a tick moves its (m, sigma) little; on the 2025 fixture
 * ticked by 0.1 vol point these fits land within 0.03 vol point of RMSE of the cold repair's
 * (save one two-week slice whose floored fit has two basins, 2 and 10 vol points, which the cold
 * search itself alternates between from tick to tick).
 */
const WARM_REPAIR_EVALUATIONS = 3;

/** A dip below the floor this small (relative to the at-the-money total variance) is lifted away. */
const LIFT_LIMIT = 1e-3;

type Flags = { butterfly: boolean; calendar: boolean };

const count = (flags: Flags) => Number(flags.butterfly) + Number(flags.calendar);

/** What a warm start keeps of an expiry's last accepted calibration: its parameters and the model they came from. */
export type WarmStart = Pick<SliceCalibration, 'svi' | 'model'>;

/** A slice's parameters on the way to acceptance, with what arbitrage they leave. */
interface Candidate {
  svi: SviParams;
  model: SliceModel;
  arbitrage: Flags;
}

/**
 * What the repair of one slice works against: its quotes, the accepted slice before it, that slice
 * as a floor, and the grids of the checks (built once per slice, not per candidate).
 */
interface Repair {
  points: ExpirySlice['points'];
  previous: Accepted | null;
  floor: Floor | null;
  butterflyGrid: Float64Array;
  /** Both slices' quoted ranges, when there is a previous slice. */
  calendarGrid: Float64Array | null;
}

function candidate(svi: SviParams, model: SliceModel, r: Repair): Candidate {
  const butterfly = butterflyViolation(svi, r.butterflyGrid) !== null;
  const calendar = r.previous !== null && calendarViolation(r.previous.svi, svi, r.calendarGrid!) !== null;
  return { svi, model, arbitrage: { butterfly, calendar } };
}

/** The better of two candidates: fewer violations, the incumbent on a tie. */
function better(incumbent: Candidate, challenger: Candidate): Candidate {
  return count(challenger.arbitrage) < count(incumbent.arbitrage) ? challenger : incumbent;
}

/**
 * A floor is a penalty, so a fit can still dip below it by a hair: lift the slice by that dip (a
 * constant in total variance leaves the smile's shape as it is) when it is small.
 */
function lift(c: Candidate, r: Repair): Candidate {
  if (!(c.arbitrage.calendar && r.previous)) return c;
  const dip = calendarShortfall(r.previous.svi, c.svi, r.calendarGrid!);
  if (!(dip < LIFT_LIMIT * sviVariance(c.svi, 0))) return c;
  return better(c, candidate({ ...c.svi, a: c.svi.a + dip * (1 + 1e-9) }, c.model, r));
}

/**
 * The cold repair of a free fit with arbitrage: the floored fit from the free one, then from cold
 * starts if that search stalls; SSVI when a violation is left; the lift.
 */
function repairCold(free: Candidate, r: Repair): Candidate {
  let c = free;
  for (const start of [free.svi, undefined]) {
    if (!(c.arbitrage.calendar && r.floor)) break;
    c = candidate(fitSvi(r.points, { floor: r.floor, warm: start }).params, 'svi', r);
  }
  if (count(c.arbitrage) > 0) c = better(c, candidate(fitSsvi(r.points, { floor: r.floor ?? undefined }).params, 'ssvi', r));
  return lift(c, r);
}

/**
 * The warm repair: a tick leaves a slice needing the repair it needed before, so the search goes
 * straight to the model last accepted, from its parameters (a short search, as a warm free fit).
 * It is kept only when it leaves the slice clean; otherwise the cold repair runs.
 */
function repairWarm(free: Candidate, last: SviParams, model: SliceModel, r: Repair): Candidate {
  if (model === 'ssvi') return lift(candidate(fitSsvi(r.points, { floor: r.floor ?? undefined, warm: last }).params, 'ssvi', r), r);
  if (!(free.arbitrage.calendar && r.floor)) return free;
  return lift(candidate(fitSvi(r.points, { floor: r.floor, warm: last, warmEvaluations: WARM_REPAIR_EVALUATIONS }).params, 'svi', r), r);
}

/** Calibrate every slice; `warm` holds the last accepted calibration per expiry for a warm start. */
export function calibrateSlices(slices: readonly ExpirySlice[], warm?: ReadonlyMap<number, WarmStart>): SliceCalibration[] {
  const results: SliceCalibration[] = [];
  let previous: Accepted | null = null;
  // One slice is repaired at a time: its grids are rewritten in place (fits copy the floor they get).
  const [butterflyGrid, calendarK] = float64Views(GRID_POINTS, 2);
  const [floorK, floorW] = float64Views(FLOOR_POINTS, 2);
  for (const slice of slices) {
    const nDropped = Object.values(slice.dropped).reduce((sum, n) => sum + n, 0);
    const base = { expiry: slice.expiry, T: slice.T, forward: slice.forward, nUsed: slice.points.length, nDropped, dropped: slice.dropped };
    if (slice.points.length < 3) {
      results.push({ ...base, svi: null, model: null, rmseVolPts: null, withinBidAsk: null, arbitrage: { butterfly: false, calendar: false } });
      continue;
    }
    let kMin = Infinity;
    let kMax = -Infinity;
    for (const { k } of slice.points) {
      kMin = Math.min(kMin, k);
      kMax = Math.max(kMax, k);
    }
    const floor = previous && floorOf(previous.svi, calendarGrid(kMin, kMax, previous, floorK), floorW);
    const repair: Repair = {
      points: slice.points,
      previous,
      floor,
      butterflyGrid: kGrid(kMin, kMax, GRID_POINTS, butterflyGrid),
      calendarGrid: previous && calendarGrid(kMin, kMax, previous, calendarK),
    };
    const last = warm?.get(slice.expiry);
    const free = candidate(fitSvi(slice.points, { warm: last?.svi ?? undefined }).params, 'svi', repair);
    let fit = free;
    if (count(fit.arbitrage) > 0 && last?.svi && last.model) fit = repairWarm(free, last.svi, last.model, repair);
    if (count(fit.arbitrage) > 0) fit = repairCold(free, repair);
    const { svi, model, arbitrage } = fit;
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
