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
 * (Lee 2004), so linear extrapolation along them stays admissible.
 *
 * The loss is band-loss.ts's: quotes are fitted to their bid/ask bands, not the mid, and a floor
 * (the previous expiry) keeps the slice above it. For fixed (m, sigma) that loss is convex and
 * piecewise quadratic in (a, d, c), minimised by an active-set iteration of the linear solve; the
 * outer search sees the full loss. Butterfly arbitrage is checked afterwards (arbitrage.ts).
 */
import { BandLoss, type Floor, type SlicePoint } from './band-loss';
import { float64Views } from './float64-views';
import { nelderMead } from './nelder-mead';
import type { SviParams } from './svi';

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
  /** Per point y and z = sqrt(y^2 + 1), in caller-owned arrays as long as ks. */
  constructor(
    private readonly ks: Float64Array,
    readonly y: Float64Array,
    readonly z: Float64Array,
  ) {}

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
      // A floor point above its floor weighs nothing: most of a floored fit's points, most of the time.
      if (weight === 0) continue;
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

/** A point (a, d, c) of the domain with its objective. */
interface Linear {
  a: number;
  d: number;
  c: number;
  objective: number;
}

/** Lee's bound on the wings' slope of total variance in k. */
const WING = 2;
/** A smaller determinant is a singular system (too few distinct abscissae for that face). */
const SINGULAR = 1e-300;

/**
 * The best (a, d, c) on the domain for the loaded moments: the interior optimum and each face's,
 * clamped into the domain (whatever a face's optimum leaves outside, its nearest feasible point),
 * the lowest objective kept. It lives in its own fields: the search calls it thousands of times.
 */
class DomainOptimum implements Linear {
  a = 0;
  d = 0;
  c = 0;
  objective = Infinity;
  private sigma = 1;
  private maxW = 0;
  private mm!: Moments;

  solve(sigma: number, maxW: number, mm: Moments): this {
    this.mm = mm;
    this.sigma = sigma;
    this.maxW = maxW;
    this.objective = Infinity;
    this.interior();
    // Faces d = alpha c + beta of the (d, c) domain.
    this.face(1, 0);
    this.face(-1, 0);
    this.face(-1, WING * sigma);
    this.face(1, -WING * sigma);
    // Faces a = 0 and a = max w.
    this.level(0);
    this.level(maxW);
    // c = 0 forces d = 0: a is the weighted mean.
    this.consider(mm.sw / mm.s1, 0, 0);
    return this;
  }

  private interior(): void {
    const { s1, sy, sz, syy, syz, szz, sw, syw, szw } = this.mm;
    const det = s1 * (syy * szz - syz * syz) - sy * (sy * szz - syz * sz) + sz * (sy * syz - syy * sz);
    if (!(Math.abs(det) > SINGULAR)) return;
    const a = (sw * (syy * szz - syz * syz) - sy * (syw * szz - syz * szw) + sz * (syw * syz - syy * szw)) / det;
    const d = (s1 * (syw * szz - syz * szw) - sw * (sy * szz - syz * sz) + sz * (sy * szw - syw * sz)) / det;
    const c = (s1 * (syy * szw - syw * syz) - sy * (sy * szw - syw * sz) + sw * (sy * syz - syy * sz)) / det;
    this.consider(a, d, c);
  }

  /** On d = alpha c + beta: regress w - beta y on (1, alpha y + z). */
  private face(alpha: number, beta: number): void {
    const mm = this.mm;
    const su = alpha * mm.sy + mm.sz;
    const suu = alpha * alpha * mm.syy + 2 * alpha * mm.syz + mm.szz;
    const st = mm.sw - beta * mm.sy;
    const sut = alpha * mm.syw + mm.szw - beta * (alpha * mm.syy + mm.syz);
    const det = mm.s1 * suu - su * su;
    if (!(Math.abs(det) > SINGULAR)) return;
    const c = (mm.s1 * sut - su * st) / det;
    this.consider((st * suu - sut * su) / det, alpha * c + beta, c);
  }

  /** On a = level: regress w - a on (y, z). */
  private level(a: number): void {
    const mm = this.mm;
    const r1 = mm.syw - a * mm.sy;
    const r2 = mm.szw - a * mm.sz;
    const det = mm.syy * mm.szz - mm.syz * mm.syz;
    if (!(Math.abs(det) > SINGULAR)) return;
    this.consider(a, (r1 * mm.szz - r2 * mm.syz) / det, (mm.syy * r2 - mm.syz * r1) / det);
  }

  private consider(a0: number, d0: number, c0: number): void {
    const cMax = WING * this.sigma;
    const c = Math.min(Math.max(c0, 0), cMax);
    const dLimit = Math.min(c, cMax - c);
    const d = Math.min(Math.max(d0, -dLimit), dLimit);
    const a = Math.min(Math.max(a0, 0), this.maxW);
    const objective = this.mm.objective(a, d, c);
    if (!(objective < this.objective)) return;
    this.a = a;
    this.d = d;
    this.c = c;
    this.objective = objective;
  }
}

const MIN_SIGMA = 1e-4;
const MAX_SIGMA = 5;
const BAND_ROUNDS = 20;
/**
 * First simplex steps of the (m, log sigma) search: m per unit of the quotes' k width. A warm start
 * is a tick away from its answer, so its simplex is small and its search short (40 evaluations,
 * 20 per robust round): on the fixtures ticked by 0.1 to 2 vol points the warm fits match cold
 * ones to 0.01 vol point of RMSE, with the same quotes inside bid/ask.
 */
const COLD_STEPS = [0.1, 0.5] as const;
const WARM_STEPS = [0.01, 0.05] as const;
const WARM_EVALUATIONS = 40;
/** Reweighting rounds of the robust band penalty: the fixtures' fits stop changing after 3. */
const ROBUST_ROUNDS = 3;

/**
 * The best (a, d, c) for fixed (m, sigma), iterated to the loss's active set, written into `best`.
 * The iteration starts from the sides the last call ended on: the outer search moves (m, sigma) a
 * little at a time, so few points change side.
 */
function innerFit(mm: Moments, optimum: DomainOptimum, loss: BandLoss, fitted: Float64Array, m: number, sigma: number, best: Linear): Linear {
  optimum.solve(sigma, loss.maxW, mm.place(m, sigma).load(loss.weight, loss.target));
  best.a = optimum.a;
  best.d = optimum.d;
  best.c = optimum.c;
  best.objective = optimum.objective;
  if (!loss.banded) return best;
  best.objective = Infinity;
  const { y, z } = mm;
  for (let round = 0; round < BAND_ROUNDS; round++) {
    const { a, d, c } = optimum;
    for (let i = 0; i < fitted.length; i++) fitted[i] = a + d * y[i]! + c * z[i]!;
    const value = loss.follow(fitted);
    if (value < best.objective) {
      best.a = optimum.a;
      best.d = optimum.d;
      best.c = optimum.c;
      best.objective = value;
    }
    if (!loss.changed) break;
    optimum.solve(sigma, loss.maxW, mm.load(loss.weight, loss.target));
  }
  // The floor's penalty bends the slice onto it; a constant closes what dip is left, exactly.
  if (loss.floorStart < fitted.length) {
    for (let i = 0; i < fitted.length; i++) fitted[i] = best.a + best.d * mm.y[i]! + best.c * mm.z[i]!;
    const dip = loss.floorDip(fitted);
    if (dip > 0) {
      for (let i = 0; i < fitted.length; i++) fitted[i]! += dip;
      best.a += dip;
      best.objective = loss.lossOf(fitted);
    }
  }
  return best;
}

export interface SviFitOptions {
  /** The last parameters of the same expiry: one search from there instead of several cold starts. */
  warm?: SviParams;
  /** The previous expiry's total variance, which this slice must stay above (calendar). */
  floor?: Floor;
  /** Evaluations of the warm (m, sigma) search (default 40). */
  warmEvaluations?: number;
}

/** The raw SVI fit of a slice (at least 3 points, positive weights). */
export function fitSvi(points: readonly SlicePoint[], { warm, floor, warmEvaluations = WARM_EVALUATIONS }: SviFitOptions = {}): SviFit {
  if (points.length < 3) throw new Error(`SVI needs at least 3 points, got ${points.length}`);
  const loss = new BandLoss(points, floor);
  const [y, z, fitted] = float64Views(loss.ks.length, 3);
  const moments = new Moments(loss.ks, y, z);
  const optimum = new DomainOptimum();
  const scratch: Linear = { a: 0, d: 0, c: 0, objective: Infinity };
  let evaluations = 0;
  // Search sigma on a log scale so it stays positive.
  const sigmaOf = (logSigma: number) => Math.min(Math.max(Math.exp(logSigma), MIN_SIGMA), MAX_SIGMA);
  const inner = (x: Float64Array) => innerFit(moments, optimum, loss, fitted, x[0]!, sigmaOf(x[1]!), scratch).objective;
  let kMin = Infinity;
  let kMax = -Infinity;
  let lowest = points[0]!;
  for (const p of points) {
    kMin = Math.min(kMin, p.k);
    kMax = Math.max(kMax, p.k);
    if (p.w < lowest.w) lowest = p;
  }
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
  let best = { x: [0, 0], value: Infinity };
  for (const start of starts) {
    const [mStep, logSigmaStep] = warm ? WARM_STEPS : COLD_STEPS;
    const result = nelderMead(inner, start, [mStep * width, logSigmaStep], { maxEvaluations: warm ? warmEvaluations : 300 });
    evaluations += result.evaluations;
    if (result.value < best.value) best = result;
  }
  // Robust rounds: soften the band penalty around the fit and search again (band-loss.ts).
  if (loss.banded && !floor) {
    for (let round = 0; round < ROBUST_ROUNDS; round++) {
      const fit = innerFit(moments, optimum, loss, fitted, best.x[0]!, sigmaOf(best.x[1]!), scratch);
      for (let i = 0; i < fitted.length; i++) fitted[i] = fit.a + fit.d * moments.y[i]! + fit.c * moments.z[i]!;
      loss.soften(fitted);
      const result = nelderMead(inner, best.x, [0.05 * width, 0.25], { maxEvaluations: warm ? 20 : 120 });
      evaluations += result.evaluations;
      best = result;
    }
  }
  const m = best.x[0]!;
  const sigma = sigmaOf(best.x[1]!);
  const { a, d, c, objective } = innerFit(moments, optimum, loss, fitted, m, sigma, scratch);
  return { params: { a, b: c / sigma, rho: c > 0 ? d / c : 0, m, sigma }, objective, evaluations };
}
