/**
 * Quasi-explicit calibration of raw SVI (Zeliade Systems, "Quasi-explicit calibration of
 * Gatheral's SVI model", 2009; De Marco and Martini): with y = (k - m)/sigma,
 *
 *   w = a + d y + c sqrt(y^2 + 1),   c = b sigma,  d = rho b sigma,
 *
 * is linear in (a, d, c) for fixed (m, sigma). The weighted least squares in (a, d, c) is solved
 * exactly on the domain 0 <= c <= 2 sigma, |d| <= c, |d| <= 2 sigma - c, 0 <= a <= max w (interior
 * optimum, else the best optimum on a face of that polytope), and Nelder-Mead searches (m, sigma)
 * outside. The domain keeps w >= 0 and the wings' slopes b(1 +- rho) <= 2, Lee's moment bound
 * (Lee 2004), so linear extrapolation along them stays admissible; butterfly and calendar
 * arbitrage are checked separately (arbitrage.ts).
 *
 * Quotes with a bid/ask band are fitted to the band, not the mid: the loss is the weighted squared
 * distance from the fitted variance to the band's central part (zero inside). For fixed (m, sigma)
 * that loss is convex in (a, d, c) and is minimised by alternating the linear solve with the
 * nearest target in each band (block coordinate descent); the outer search sees the band loss.
 */
import { nelderMead2 } from './nelder-mead';
import type { SviParams } from './svi';

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

export interface SviFit {
  params: SviParams;
  /** The loss at the optimum: weighted squared distance of each fitted variance to its target. */
  objective: number;
  evaluations: number;
}

/**
 * Weighted sums over the slice for fixed (m, sigma): everything the linear problem needs. The
 * abscissae y, z are kept per point so the band fit can change weights and targets cheaply.
 */
class Moments {
  s1 = 0;
  sy = 0;
  sz = 0;
  syy = 0;
  syz = 0;
  szz = 0;
  sw = 0;
  syw = 0;
  szw = 0;
  sww = 0;
  readonly y: Float64Array;
  readonly z: Float64Array;

  constructor(private readonly ks: Float64Array) {
    this.y = new Float64Array(ks.length);
    this.z = new Float64Array(ks.length);
  }

  place(m: number, sigma: number): this {
    for (let i = 0; i < this.ks.length; i++) {
      const y = (this.ks[i]! - m) / sigma;
      this.y[i] = y;
      this.z[i] = Math.sqrt(y * y + 1);
    }
    return this;
  }

  load(weights: Float64Array, targets: Float64Array): this {
    this.s1 = this.sy = this.sz = this.syy = this.syz = this.szz = 0;
    this.sw = this.syw = this.szw = this.sww = 0;
    for (let i = 0; i < this.ks.length; i++) {
      const weight = weights[i]!;
      const y = this.y[i]!;
      const z = this.z[i]!;
      const w = targets[i]!;
      this.s1 += weight;
      this.sy += weight * y;
      this.sz += weight * z;
      this.syy += weight * y * y;
      this.syz += weight * y * z;
      this.szz += weight * z * z;
      this.sw += weight * w;
      this.syw += weight * y * w;
      this.szw += weight * z * w;
      this.sww += weight * w * w;
    }
    return this;
  }

  /** Sum of weight * (a + d y + c z - w)^2 from the moments. */
  objective(a: number, d: number, c: number): number {
    return (
      this.sww - 2 * (a * this.sw + d * this.syw + c * this.szw) +
      a * a * this.s1 + d * d * this.syy + c * c * this.szz +
      2 * (a * d * this.sy + a * c * this.sz + d * c * this.syz)
    );
  }
}

/** The best (a, d, c) on the domain for the loaded moments, with its objective. */
interface Linear {
  a: number;
  d: number;
  c: number;
  objective: number;
}

function solve2(s11: number, s12: number, s22: number, r1: number, r2: number): [number, number] | null {
  const det = s11 * s22 - s12 * s12;
  if (!(Math.abs(det) > 1e-300)) return null;
  return [(r1 * s22 - r2 * s12) / det, (s11 * r2 - s12 * r1) / det];
}

function solve3(mm: Moments): [number, number, number] | null {
  const { s1, sy, sz, syy, syz, szz, sw, syw, szw } = mm;
  const det = s1 * (syy * szz - syz * syz) - sy * (sy * szz - syz * sz) + sz * (sy * syz - syy * sz);
  if (!(Math.abs(det) > 1e-300)) return null;
  const a = (sw * (syy * szz - syz * syz) - sy * (syw * szz - syz * szw) + sz * (syw * syz - syy * szw)) / det;
  const d = (s1 * (syw * szz - syz * szw) - sw * (sy * szz - syz * sz) + sz * (sy * szw - syw * sz)) / det;
  const c = (s1 * (syy * szw - syw * syz) - sy * (sy * szw - syw * sz) + sw * (sy * syz - syy * sz)) / det;
  return [a, d, c];
}

/** Lee's bound on the wings' slope of total variance in k. */
const WING = 2;

function bestLinear(mm: Moments, sigma: number, maxW: number): Linear {
  const candidates: [number, number, number][] = [];
  const interior = solve3(mm);
  if (interior) candidates.push(interior);
  // Faces d = alpha c + beta of the (d, c) domain: regress w - beta y on (1, alpha y + z).
  for (const [alpha, beta] of [[1, 0], [-1, 0], [-1, WING * sigma], [1, -WING * sigma]] as const) {
    const su = alpha * mm.sy + mm.sz;
    const suu = alpha * alpha * mm.syy + 2 * alpha * mm.syz + mm.szz;
    const st = mm.sw - beta * mm.sy;
    const sut = alpha * mm.syw + mm.szw - beta * (alpha * mm.syy + mm.syz);
    const solution = solve2(mm.s1, su, suu, st, sut);
    if (solution) candidates.push([solution[0], alpha * solution[1] + beta, solution[1]]);
  }
  // Faces a = 0 and a = max w: regress w - a on (y, z).
  for (const a of [0, maxW]) {
    const solution = solve2(mm.syy, mm.syz, mm.szz, mm.syw - a * mm.sy, mm.szw - a * mm.sz);
    if (solution) candidates.push([a, solution[0], solution[1]]);
  }
  // c = 0 forces d = 0: a is the weighted mean.
  candidates.push([mm.sw / mm.s1, 0, 0]);

  let best: Linear = { a: 0, d: 0, c: 0, objective: Infinity };
  for (const [a0, d0, c0] of candidates) {
    // Clamp into the domain: whatever a face's optimum leaves outside, its nearest feasible point.
    const c = Math.min(Math.max(c0, 0), WING * sigma);
    const dLimit = Math.min(c, WING * sigma - c);
    const d = Math.min(Math.max(d0, -dLimit), dLimit);
    const a = Math.min(Math.max(a0, 0), maxW);
    const objective = mm.objective(a, d, c);
    if (objective < best.objective) best = { a, d, c, objective };
  }
  return best;
}

const MIN_SIGMA = 1e-4;
const MAX_SIGMA = 5;
/**
 * The band loss of a quote with bid and ask, per unit weight: (w - mid)^2 + BAND_PENALTY d^2,
 * d the distance from w to the middle BAND_SHARE of bid..ask. Leaving that costs so much more
 * than missing the mid that the fit only does it where SVI cannot reach inside; the mid term keeps
 * the fit unique and smooth where every band is met. Aiming inside the middle of each band keeps
 * fitted vols off the quotes' edges (a fit barely outside the aim is still inside the quotes).
 */
const BAND_SHARE = 0.6;
const BAND_PENALTY = 1000;
const BAND_ROUNDS = 20;

/**
 * The quadratic pieces of the slice's loss for fixed (m, sigma). Without bands it is one weighted
 * least squares on the mids. With bands it is piecewise quadratic and convex in (a, d, c): given
 * which side of its band each fitted variance lies on, it is again one weighted least squares
 * (outside: weight (1 + P), target (mid + P edge)/(1 + P)), so the fit iterates "solve, then
 * re-read the sides" until no point changes side (an active-set Newton method).
 */
class Pieces {
  readonly weight: Float64Array;
  readonly target: Float64Array;
  /** Per point: -1 below its band, 0 inside, 1 above. */
  private readonly side: Int8Array;
  private readonly base: Float64Array;
  private readonly mid: Float64Array;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  readonly banded: boolean;

  constructor(points: readonly SlicePoint[]) {
    this.base = Float64Array.from(points, (p) => p.weight);
    this.mid = Float64Array.from(points, (p) => p.w);
    const inset = (p: SlicePoint) => (p.band ? ((1 - BAND_SHARE) / 2) * (p.band.high - p.band.low) : 0);
    this.low = Float64Array.from(points, (p) => (p.band ? p.band.low + inset(p) : -Infinity));
    this.high = Float64Array.from(points, (p) => (p.band ? p.band.high - inset(p) : Infinity));
    this.weight = this.base.slice();
    this.target = this.mid.slice();
    this.side = new Int8Array(points.length);
    this.banded = points.some((p) => p.band);
  }

  /** Every point inside its band: the plain fit to the mids. */
  reset(): this {
    this.weight.set(this.base);
    this.target.set(this.mid);
    this.side.fill(0);
    return this;
  }

  /** Re-read each fitted variance's side of its band and set its piece; returns the fit's loss. */
  follow(fit: Linear, mm: Moments): { loss: number; changed: boolean } {
    let loss = 0;
    let changed = false;
    for (let i = 0; i < this.base.length; i++) {
      const fitted = fit.a + fit.d * mm.y[i]! + fit.c * mm.z[i]!;
      const low = this.low[i]!;
      const high = this.high[i]!;
      const side = fitted < low ? -1 : fitted > high ? 1 : 0;
      const edge = side < 0 ? low : high;
      const mid = this.mid[i]!;
      loss += this.base[i]! * ((fitted - mid) ** 2 + (side === 0 ? 0 : BAND_PENALTY * (fitted - edge) ** 2));
      if (side === this.side[i]) continue;
      changed = true;
      this.side[i] = side;
      this.weight[i] = this.base[i]! * (side === 0 ? 1 : 1 + BAND_PENALTY);
      this.target[i] = side === 0 ? mid : (mid + BAND_PENALTY * edge) / (1 + BAND_PENALTY);
    }
    return { loss, changed };
  }
}

/** The best (a, d, c) for fixed (m, sigma) against the mids, or against mids and bands. */
function innerFit(mm: Moments, pieces: Pieces, m: number, sigma: number, maxW: number): Linear {
  mm.place(m, sigma);
  pieces.reset();
  let fit = bestLinear(mm.load(pieces.weight, pieces.target), sigma, maxW);
  if (!pieces.banded) return fit;
  let best = { ...fit, objective: Infinity };
  for (let round = 0; round < BAND_ROUNDS; round++) {
    const { loss, changed } = pieces.follow(fit, mm);
    if (loss < best.objective) best = { ...fit, objective: loss };
    if (!changed) break;
    fit = bestLinear(mm.load(pieces.weight, pieces.target), sigma, maxW);
  }
  return best;
}

/**
 * The raw SVI fit of a slice (at least 3 points, positive weights). `warm` starts the outer
 * search from the last parameters of the same expiry; cold fits try a few starts.
 */
export function fitSvi(points: readonly SlicePoint[], warm?: SviParams): SviFit {
  if (points.length < 3) throw new Error(`SVI needs at least 3 points, got ${points.length}`);
  const maxW = Math.max(...points.map((p) => p.band?.high ?? p.w));
  const moments = new Moments(Float64Array.from(points, (p) => p.k));
  const pieces = new Pieces(points);
  let evaluations = 0;
  // Search sigma on a log scale so it stays positive.
  const sigmaOf = (logSigma: number) => Math.min(Math.max(Math.exp(logSigma), MIN_SIGMA), MAX_SIGMA);
  const inner = (m: number, logSigma: number) => innerFit(moments, pieces, m, sigmaOf(logSigma), maxW).objective;
  const kMin = Math.min(...points.map((p) => p.k));
  const kMax = Math.max(...points.map((p) => p.k));
  const lowest = points.reduce((low, p) => (p.w < low.w ? p : low));
  const width = Math.max(kMax - kMin, 0.05);
  const starts: [number, number][] = warm
    ? [[warm.m, Math.log(Math.max(warm.sigma, MIN_SIGMA))]]
    : [
        [lowest.k, Math.log(0.1 * width)],
        [lowest.k, Math.log(0.5 * width)],
        [0, Math.log(0.25 * width)],
        [lowest.k, Math.log(width)],
        [0.5 * (kMin + kMax), Math.log(0.5 * width)],
      ];
  let best = { x: [0, 0] as [number, number], value: Infinity };
  for (const start of starts) {
    const result = nelderMead2(inner, start, [0.1 * width, 0.5], { maxEvaluations: warm ? 120 : 300 });
    evaluations += result.evaluations;
    if (result.value < best.value) best = result;
  }
  const [m, logSigma] = best.x;
  const sigma = sigmaOf(logSigma);
  const { a, d, c, objective } = innerFit(moments, pieces, m, sigma, maxW);
  return { params: { a, b: c / sigma, rho: c > 0 ? d / c : 0, m, sigma }, objective, evaluations };
}
