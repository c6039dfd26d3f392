/**
 * What a slice fit minimises, whatever the model: for each quote with a bid/ask band,
 *
 *   weight ((w - mid)^2 + BAND_PENALTY d^2),   d = distance from w to the middle BAND_SHARE of bid..ask,
 *
 * in total variance. Leaving that costs so much more than missing the mid that a fit only does it
 * where the model cannot reach inside; the mid term keeps the fit unique and smooth where every
 * band is met, and aiming inside the middle of each band keeps fitted vols off the quotes' edges.
 * A quote without a band (a mark) is a plain weighted least-squares target.
 *
 * A floor adds one-sided targets: the previous expiry's total variance on a grid of k, which the
 * slice must not go below (calendar arbitrage, Gatheral-Jacquier 2014 Lemma 2.1). Each floor point
 * costs nothing above its floor and, below it, as much as all quotes' band penalties together:
 * enough to bend the slice's shape onto the floor, while a stiffer penalty makes the active-set
 * iteration and the outer search crawl. What dip is left a model closes exactly (floorDip).
 *
 * For a model linear in its parameters the loss is piecewise quadratic and convex: given which
 * side of its band each fitted variance lies on, it is one weighted least squares (outside: weight
 * midWeight + edgeWeight, target their weighted mean of mid and edge). `follow` re-reads the sides
 * for an active-set iteration; `lossOf` prices any fitted values (for models fitted by search).
 */
import type { SviParams } from './svi';
import { float64Views } from './float64-views';
import { rawSviVariance } from './svi';

/**
 * One observation of a slice: log-moneyness, target total variance (the mid) and its weight; a
 * quote with both sides also carries its bid/ask band in total variance.
 */
export interface SlicePoint {
  k: number;
  w: number;
  weight: number;
  band?: { low: number; high: number };
}

/** Lower bounds on a slice's total variance at given k: the previous expiry's slice. */
export interface Floor {
  k: Float64Array;
  w: Float64Array;
}

const BAND_SHARE = 0.6;
const BAND_PENALTY = 1000;
/** A side no point is on: forces `follow` to set the point's piece again. */
const UNREAD = 2;
const EMPTY = new Float64Array(0);

/** The previous slice's total variance on `grid`, written into `w` when given. */
export function floorOf({ a, b, rho, m, sigma }: SviParams, grid: Float64Array, w: Float64Array = new Float64Array(grid.length)): Floor {
  for (let i = 0; i < grid.length; i++) w[i] = rawSviVariance(a, b, rho, m, sigma, grid[i]!);
  return { k: grid, w };
}

export class BandLoss {
  /** Abscissae: the quotes' k, then the floor's. */
  readonly ks: Float64Array;
  /** Per point, the current piece's weight and target (for the linear solve). */
  readonly weight: Float64Array;
  readonly target: Float64Array;
  readonly banded: boolean;
  /** The largest total variance any target asks for. */
  readonly maxW: number;
  /** Index of the first floor point (= the number of quotes). */
  readonly floorStart: number;
  /** Per point: -1 below its band, 0 inside, 1 above. */
  private readonly side: Int8Array;
  private readonly midWeight: Float64Array;
  private readonly edgeWeight: Float64Array;
  private readonly mid: Float64Array;
  private readonly low: Float64Array;
  private readonly high: Float64Array;

  constructor(points: readonly SlicePoint[], floor?: Floor) {
    const floorK = floor?.k ?? EMPTY;
    const floorW = floor?.w ?? EMPTY;
    const n = points.length + floorK.length;
    this.floorStart = points.length;
    [this.ks, this.weight, this.target, this.midWeight, this.edgeWeight, this.mid, this.low, this.high] = float64Views(n, 8);
    this.low.fill(-Infinity);
    this.high.fill(Infinity);
    let totalWeight = 0;
    let banded = floorK.length > 0;
    let maxW = -Infinity;
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      this.ks[i] = p.k;
      this.midWeight[i] = p.weight;
      this.mid[i] = p.w;
      totalWeight += p.weight;
      if (!p.band) {
        maxW = Math.max(maxW, p.w);
        continue;
      }
      banded = true;
      maxW = Math.max(maxW, p.band.high);
      const inset = ((1 - BAND_SHARE) / 2) * (p.band.high - p.band.low);
      this.low[i] = p.band.low + inset;
      this.high[i] = p.band.high - inset;
      this.edgeWeight[i] = p.weight * BAND_PENALTY;
    }
    for (let j = 0; j < floorK.length; j++) {
      const i = points.length + j;
      this.ks[i] = floorK[j]!;
      this.low[i] = floorW[j]!;
      this.edgeWeight[i] = totalWeight * BAND_PENALTY;
      maxW = Math.max(maxW, floorW[j]!);
    }
    this.weight.set(this.midWeight);
    this.target.set(this.mid);
    this.side = new Int8Array(n);
    this.banded = banded;
    this.maxW = maxW;
  }

  /** Point i's loss at fitted variance w. */
  private pointLoss(i: number, w: number): number {
    const fromMid = w - this.mid[i]!;
    const miss = this.midWeight[i]! * (fromMid * fromMid);
    const outside = w < this.low[i]! ? w - this.low[i]! : w > this.high[i]! ? w - this.high[i]! : 0;
    return outside === 0 ? miss : miss + this.edgeWeight[i]! * (outside * outside);
  }

  /** The loss of fitted variances, one per point (quotes then floor). */
  lossOf(fitted: Float64Array): number {
    let loss = 0;
    for (let i = 0; i < fitted.length; i++) loss += this.pointLoss(i, fitted[i]!);
    return loss;
  }

  /**
   * Make the band penalty robust around a fit: a quote outside its band by d > h (h its half
   * width) keeps only h/d of its penalty weight, which turns the quadratic penalty into a linear
   * one beyond h (iteratively reweighted least squares for an L1 penalty). A quote the model
   * cannot reach then stops dragging the fit out of its neighbours' bands.
   */
  soften(fitted: Float64Array): void {
    for (let i = 0; i < this.floorStart; i++) {
      const low = this.low[i]!;
      const high = this.high[i]!;
      if (!(high < Infinity)) continue;
      const w = fitted[i]!;
      const outside = w < low ? low - w : w > high ? w - high : 0;
      this.edgeWeight[i] = this.midWeight[i]! * BAND_PENALTY * Math.min(1, (high - low) / 2 / outside);
      // Every piece is re-read on the next solve: the weights just changed under it.
      this.side[i] = UNREAD;
    }
  }

  /** How far the fitted variances fall below the floor at worst (0 when they do not, or no floor). */
  floorDip(fitted: Float64Array): number {
    let dip = 0;
    for (let i = this.floorStart; i < fitted.length; i++) dip = Math.max(dip, this.low[i]! - fitted[i]!);
    return dip;
  }

  /** Whether the last `follow` moved any point to another side of its band. */
  changed = false;

  /** Re-read each fitted variance's side of its band and set its piece; returns the fit's loss. */
  follow(fitted: Float64Array): number {
    let loss = 0;
    this.changed = false;
    for (let i = 0; i < fitted.length; i++) {
      const w = fitted[i]!;
      loss += this.pointLoss(i, w);
      const side = w < this.low[i]! ? -1 : w > this.high[i]! ? 1 : 0;
      if (side === this.side[i]) continue;
      this.changed = true;
      this.side[i] = side;
      const midWeight = this.midWeight[i]!;
      if (side === 0) {
        this.weight[i] = midWeight;
        this.target[i] = this.mid[i]!;
        continue;
      }
      const edgeWeight = this.edgeWeight[i]!;
      const edge = side < 0 ? this.low[i]! : this.high[i]!;
      this.weight[i] = midWeight + edgeWeight;
      this.target[i] = (midWeight * this.mid[i]! + edgeWeight * edge) / (midWeight + edgeWeight);
    }
    return loss;
  }
}
