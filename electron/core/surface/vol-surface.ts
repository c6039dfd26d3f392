/**
 * The calibrated surface as the engine reads it, per quote: total variance, vol and d vol / d K at
 * any (K, T). Between expiries total variance is interpolated linearly in T at fixed log-forward
 * moneyness, which keeps a calendar-free set of slices calendar-free (Gatheral-Jacquier 2014,
 * Section 5); the forward is interpolated log-linearly (a constant carry between expiries).
 * Before the first expiry and after the last, the nearest slice's implied vol is held (total
 * variance scales with T). In the wings every slice is raw SVI fitted inside Lee's bound, so it
 * is itself linear in total variance there, with slopes b (1 +- rho) <= 2 (Lee 2004).
 *
 * Parameters live in typed arrays and a query allocates nothing: these are on the hot path.
 */
import type { SliceCalibration } from './calibrate';
import { rawSviSlope, rawSviVariance, type SviParams } from './svi';

export interface SurfaceSlice {
  expiry: number;
  T: number;
  forward: number;
  svi: SviParams;
}

export class VolSurface {
  readonly slices: readonly SurfaceSlice[];
  private readonly T: Float64Array;
  private readonly logForward: Float64Array;
  /** Per slice a, b, rho, m, sigma side by side (one cache line per slice). */
  private readonly svi: Float64Array;
  /** Interpolation state of the last query: slice indices, weights and the forward. */
  private lower = 0;
  private upper = 0;
  private lowerWeight = 1;
  private upperWeight = 0;
  private logF = 0;
  private locatedT = NaN;
  /** 1 / locatedT: a query multiplies (a division is the slowest step left after the log). */
  private overT = NaN;

  /** The surface of a calibration's fitted slices, or null when none was fitted. */
  static of(calibration: readonly SliceCalibration[]): VolSurface | null {
    const fitted = calibration.flatMap(({ expiry, T, forward, svi }) => (svi && T > 0 ? [{ expiry, T, forward, svi }] : []));
    return fitted.length > 0 ? new VolSurface(fitted) : null;
  }

  /** Slices with positive T, in any order; at least one. */
  constructor(slices: readonly SurfaceSlice[]) {
    const sorted = slices.filter((s) => s.T > 0).sort((x, y) => x.T - y.T);
    if (sorted.length === 0) throw new Error('a surface needs at least one calibrated expiry');
    this.slices = sorted;
    const column = (read: (s: SurfaceSlice) => number) => Float64Array.from(sorted, read);
    this.T = column((s) => s.T);
    this.logForward = column((s) => Math.log(s.forward));
    this.svi = Float64Array.from(sorted.flatMap(({ svi }) => [svi.a, svi.b, svi.rho, svi.m, svi.sigma]));
  }

  /** The forward for maturity T (years). */
  forward(T: number): number {
    this.locate(T);
    return Math.exp(this.logF);
  }

  /** Total implied variance at log-forward moneyness k and maturity T. */
  totalVariance(k: number, T: number): number {
    this.locate(T);
    return this.variance(k);
  }

  /** Implied vol (fraction) at strike K and maturity T. */
  vol(K: number, T: number): number {
    this.locate(T);
    return Math.sqrt(this.variance(Math.log(K) - this.logF) * this.overT);
  }

  /** d vol / d K at (K, T), per unit of strike: w'(k) / (2 vol T K). */
  volSlope(K: number, T: number): number {
    this.locate(T);
    const k = Math.log(K) - this.logF;
    let slope = this.lowerWeight * this.sliceSlope(this.lower, k);
    if (this.upperWeight !== 0) slope += this.upperWeight * this.sliceSlope(this.upper, k);
    return slope / (2 * Math.sqrt(this.variance(k) * T) * K);
  }

  /** Total variance at k for the located T; a slice with no weight (T on an expiry) is not evaluated. */
  private variance(k: number): number {
    const lower = this.lowerWeight === 0 ? 0 : this.lowerWeight * this.sliceVariance(this.lower, k);
    return this.upperWeight === 0 ? lower : lower + this.upperWeight * this.sliceVariance(this.upper, k);
  }

  private sliceVariance(i: number, k: number): number {
    const p = this.svi;
    const at = 5 * i;
    return rawSviVariance(p[at]!, p[at + 1]!, p[at + 2]!, p[at + 3]!, p[at + 4]!, k);
  }

  private sliceSlope(i: number, k: number): number {
    const p = this.svi;
    const at = 5 * i;
    return rawSviSlope(p[at + 1]!, p[at + 2]!, p[at + 3]!, p[at + 4]!, k);
  }

  /** Bracket T between two slices (the last T and bracket are tried first: quotes come by expiry). */
  private locate(T: number): void {
    if (T === this.locatedT) return;
    this.locatedT = T;
    this.overT = 1 / T;
    const times = this.T;
    const last = times.length - 1;
    if (T <= times[0]!) return this.hold(0, T);
    if (T >= times[last]!) return this.hold(last, T);
    let upper = this.upper;
    if (!(upper > 0 && times[upper - 1]! < T && T <= times[upper]!)) {
      let low = 0;
      let high = last;
      while (high - low > 1) {
        const mid = (low + high) >> 1;
        if (times[mid]! < T) low = mid;
        else high = mid;
      }
      upper = high;
    }
    const lower = upper - 1;
    const t0 = times[lower]!;
    const share = (T - t0) / (times[upper]! - t0);
    this.lower = lower;
    this.upper = upper;
    this.upperWeight = share;
    this.lowerWeight = 1 - share;
    this.logF = this.logForward[lower]! + share * (this.logForward[upper]! - this.logForward[lower]!);
  }

  /** Outside the listed expiries: slice i's vol, so its total variance scaled by T / T_i. */
  private hold(i: number, T: number): void {
    this.lower = i;
    this.upper = i;
    this.lowerWeight = T / this.T[i]!;
    this.upperWeight = 0;
    this.logF = this.logForward[i]!;
  }
}
