/**
 * Quasi-explicit calibration of raw SVI (Zeliade Systems, "Quasi-explicit calibration of
 * Gatheral's SVI model", 2009; De Marco and Martini): with y = (k - m)/sigma,
 *
 *   w = a + d y + c sqrt(y^2 + 1),   c = b sigma,  d = rho b sigma,
 *
 * is linear in (a, d, c) for fixed (m, sigma). The weighted least squares in (a, d, c) is solved
 * exactly on the domain 0 <= c <= 4 sigma, |d| <= c, |d| <= 4 sigma - c, 0 <= a <= max w (interior
 * optimum, else the best optimum on a face of that polytope), and Nelder-Mead searches (m, sigma)
 * outside. The domain keeps w >= 0 and b(1 + |rho|) <= 4, the wings' slope bound of Rogers and
 * Tehranchi; butterfly and calendar arbitrage are checked separately (arbitrage.ts).
 */
import { nelderMead2 } from './nelder-mead';
import type { SviParams } from './svi';

/** One observation of a slice: log-moneyness, target total variance and its weight. */
export interface SlicePoint {
  k: number;
  w: number;
  weight: number;
}

export interface SviFit {
  params: SviParams;
  /** Weighted sum of squared total-variance errors. */
  objective: number;
  evaluations: number;
}

/** Weighted sums over the slice for fixed (m, sigma): everything the linear problem needs. */
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

  load(points: readonly SlicePoint[], m: number, sigma: number): this {
    this.s1 = this.sy = this.sz = this.syy = this.syz = this.szz = this.sw = this.syw = this.szw = this.sww = 0;
    for (const { k, w, weight } of points) {
      const y = (k - m) / sigma;
      const z = Math.sqrt(y * y + 1);
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

function bestLinear(mm: Moments, sigma: number, maxW: number): Linear {
  const candidates: [number, number, number][] = [];
  const interior = solve3(mm);
  if (interior) candidates.push(interior);
  // Faces d = alpha c + beta of the (d, c) domain: regress w - beta y on (1, alpha y + z).
  for (const [alpha, beta] of [[1, 0], [-1, 0], [-1, 4 * sigma], [1, -4 * sigma]] as const) {
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
    const c = Math.min(Math.max(c0, 0), 4 * sigma);
    const dLimit = Math.min(c, 4 * sigma - c);
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
 * The raw SVI fit of a slice (at least 3 points, positive weights). `warm` starts the outer
 * search from the last parameters of the same expiry; cold fits try a few starts.
 */
export function fitSvi(points: readonly SlicePoint[], warm?: SviParams): SviFit {
  if (points.length < 3) throw new Error(`SVI needs at least 3 points, got ${points.length}`);
  const maxW = Math.max(...points.map((p) => p.w));
  const moments = new Moments();
  let evaluations = 0;
  // Search sigma on a log scale so it stays positive.
  const inner = (m: number, logSigma: number) => {
    const sigma = Math.min(Math.max(Math.exp(logSigma), MIN_SIGMA), MAX_SIGMA);
    return bestLinear(moments.load(points, m, sigma), sigma, maxW).objective;
  };
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
      ];
  let best = { x: [0, 0] as [number, number], value: Infinity };
  for (const start of starts) {
    const result = nelderMead2(inner, start, [0.1 * width, 0.5], { maxEvaluations: warm ? 120 : 300 });
    evaluations += result.evaluations;
    if (result.value < best.value) best = result;
  }
  const [m, logSigma] = best.x;
  const sigma = Math.min(Math.max(Math.exp(logSigma), MIN_SIGMA), MAX_SIGMA);
  const { a, d, c, objective } = bestLinear(moments.load(points, m, sigma), sigma, maxW);
  return { params: { a, b: c / sigma, rho: c > 0 ? d / c : 0, m, sigma }, objective, evaluations };
}
