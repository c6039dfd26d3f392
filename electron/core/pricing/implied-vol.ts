/**
 * Implied volatility by Jaeckel's "Let's Be Rational" (Wilmott 2015, and "By Implication",
 * 2006): a rational-cubic initial guess on one of four branches of b(x, s), then Householder
 * steps of third order on a branch-wise transformed objective; two steps reach full double
 * precision for every input. Puts and in-the-money options map to an out-of-the-money call
 * (x <= 0) first. Prices outside the no-arbitrage bounds give a reason, never NaN or a throw.
 *
 * The hot path is `impliedVolatility`, which returns the vol or a negative failure code and
 * allocates nothing; `impliedVol` wraps it into a result object for callers that want one.
 * Its steps hand each other doubles through scratch objects (Search, RationalCubic,
 * NormalisedBlack), not arguments: V8 boxes a double passed to or returned from a call it does
 * not inline, which cost a few dozen allocations per implied vol.
 */
import { exp } from './exp';
import type { OptionType } from '../../../shared/domain/instrument';
import { inverseNormCdf, normCdf, normCdfWithDensity, normPdf, ONE_OVER_SQRT_TWO_PI } from './normal';
import { NormalisedBlack, normalisedBlack } from './normalized-black';
import { LEFT, RationalCubic, RIGHT } from './rational-cubic';

export const IV_FAILURES = ['below_intrinsic', 'above_max', 'non_finite_input', 'non_positive_forward', 'non_positive_strike', 'non_positive_time'] as const;
export type IvFailure = (typeof IV_FAILURES)[number];
export type IvResult = { vol: number } | { error: IvFailure };

/** Failure codes returned by impliedVolatility: -(1 + index in IV_FAILURES). */
const IV_BELOW_INTRINSIC = -1;
const IV_ABOVE_MAX = -2;
const IV_NON_FINITE = -3;
const IV_BAD_FORWARD = -4;
const IV_BAD_STRIKE = -5;
const IV_BAD_TIME = -6;

/** Householder steps after the initial guess: Jaeckel shows two suffice everywhere. */
const ITERATIONS = 2;
/**
 * On the middle branches the guess is often close enough for one step: Householder's third-order
 * step converges with order four, so after a step of relative size r the error left is about
 * C r^4, with C below 30 over the benchmark grid, the wings and 1-hour expiries. A first step
 * under 1e-4 s thus leaves under 3e-15, and the second evaluation of b is skipped for about a
 * third of the middle-branch cases.
 */
const MIDDLE_CONVERGED = 1e-4;
const EPSILON = Number.EPSILON;
const TWO_PI = 2 * Math.PI;
const SQRT_THREE = Math.sqrt(3);
const TWO_PI_OVER_SQRT_27 = TWO_PI / Math.sqrt(27);
const SQRT_PI_OVER_TWO = Math.sqrt(Math.PI / 2);

/** The failure of a negative code from impliedVolatility. */
export function ivFailure(code: number): IvFailure {
  return IV_FAILURES[-code - 1] ?? 'non_finite_input';
}

/**
 * The Black-76 implied volatility of an undiscounted price (same currency as F and K), or a
 * negative failure code. A price equal to intrinsic value has vol 0.
 */
export function impliedVolatility(kind: OptionType, F: number, K: number, T: number, price: number): number {
  if (!Number.isFinite(F) || !Number.isFinite(K) || !Number.isFinite(T) || !Number.isFinite(price)) return IV_NON_FINITE;
  if (!(F > 0)) return IV_BAD_FORWARD;
  if (!(K > 0)) return IV_BAD_STRIKE;
  if (!(T > 0)) return IV_BAD_TIME;
  const isCall = kind === 'call';
  const intrinsic = Math.max(isCall ? F - K : K - F, 0);
  if (price < intrinsic) return IV_BELOW_INTRINSIC;
  if (price >= (isCall ? F : K)) return IV_ABOVE_MAX;
  // The out-of-the-money option of the same strike has price - intrinsic (put-call parity);
  // an out-of-the-money put at x is a call at -x. Either way we solve for a call with x <= 0.
  const x = Math.log(F / K);
  const outOfTheMoneyIsCall = isCall ? x <= 0 : x < 0;
  search.beta = (price - intrinsic) / (Math.sqrt(F) * Math.sqrt(K));
  search.x = outOfTheMoneyIsCall ? x : -x;
  // b_max = e^{-|x|/2} = sqrt(min(F, K) / max(F, K)): a square root is cheaper and exact to the ulp.
  search.bMax = Math.sqrt(F < K ? F / K : K / F);
  solve(search);
  const s = search.s;
  return s < 0 ? s : s / Math.sqrt(T);
}

/** impliedVolatility as a result object. */
export function impliedVol(kind: OptionType, F: number, K: number, T: number, price: number): IvResult {
  const vol = impliedVolatility(kind, F, K, T, price);
  return vol >= 0 ? { vol } : { error: ivFailure(vol) };
}

/** One implied-vol search in normalised terms: a normalised out-of-the-money call price beta at x <= 0. */
class Search {
  beta = 0;
  x = 0;
  /** e^{x/2}, the bound of b(x, s) as s -> infinity */
  bMax = 0;
  /** s = vol sqrt(T): the guess, then the iterate, then the answer (or a negative failure code) */
  s = 0;
  /** The bracket of the branch the guess came from. */
  left = 0;
  right = 0;
  /** b at the bracket's tangent point, where the outer branches' guesses start. */
  bTangent = 0;
}

/** Scratch for the hot path, which allocates nothing. */
const search = new Search();
const normalised = new NormalisedBlack();
const cubic = new RationalCubic();

/** search.s for search.beta at search.x <= 0 (and b_max = e^{x/2}). */
function solve(q: Search): void {
  const { beta, x, bMax } = q;
  if (!(beta > 0)) {
    q.s = 0;
    return;
  }
  if (beta >= bMax) {
    q.s = IV_ABOVE_MAX;
    return;
  }

  // Branch points (section 4): the inflexion s_c, and the tangents there to 0 and to b_max.
  const sC = Math.sqrt(2 * Math.abs(x));
  // At s_c, h + t = 0: b_c = b_max/2 - Phi(-s_c)/b_max (used only for the guess, where its
  // few-ulp cancellation for tiny |x| is harmless; the iteration evaluates b itself).
  // phi(s_c) = exp(-|x|) / sqrt(2 pi) = b_max^2 / sqrt(2 pi), so Phi(-s_c) needs no exponential.
  const bC = 0.5 * bMax - normCdfWithDensity(-sC, ONE_OVER_SQRT_TWO_PI * bMax * bMax) / bMax;
  const vC = ONE_OVER_SQRT_TWO_PI * bMax; // b'(x, s_c) = exp(-|x|/2) / sqrt(2 pi)

  // One more evaluation of b at the tangent point on beta's side of b_c: s_l below, s_u above.
  const below = beta < bC;
  const sTangent = below ? sC - bC / vC : vC > Number.MIN_VALUE ? sC + (bMax - bC) / vC : sC;
  normalisedBlack(normalised, x, sTangent, bMax);
  const bTangent = normalised.value;
  q.bTangent = bTangent;
  if (below ? beta < bTangent : beta > bTangent) {
    if (below) {
      q.left = Number.MIN_VALUE;
      q.right = sTangent;
      lowestGuess(q);
      householder(LOWER, q);
    } else {
      q.left = sTangent;
      q.right = Number.MAX_VALUE;
      upperGuess(q);
      // Close to b_max the objective ln(b_max - b) is near linear; below half of it b - beta is better.
      householder(beta > 0.5 * bMax ? UPPER : MIDDLE, q);
    }
    return;
  }
  // A middle branch, between the tangent point and s_c: s(b) through both with slopes 1/b'
  // (b'(x, s) of the tangent point came from the same exponential as its b).
  const vTangent = normalised.vega;
  if (below) {
    cubic.through(bTangent, bC, sTangent, sC, 1 / vTangent, 1 / vC).matchCurvature(RIGHT, 0, false);
    q.left = sTangent;
    q.right = sC;
  } else {
    cubic.through(bC, bTangent, sC, sTangent, 1 / vC, 1 / vTangent).matchCurvature(LEFT, 0, false);
    q.left = sC;
    q.right = sTangent;
  }
  q.s = cubic.at(beta);
  householder(MIDDLE, q);
}

/** Lowest branch, beta < b_l = b(x, s_l) with s_l = q.right: interpolate f(beta) of the lower map, f ~ b for small b, then invert. */
function lowestGuess(q: Search): void {
  const { beta, x, bTangent: bL } = q;
  const sL = q.right;
  const ax = Math.abs(x);
  const z = ax / (SQRT_THREE * sL);
  const y = z * z;
  const s2 = sL * sL;
  const densityZ = normPdf(z);
  const phiMinusZ = normCdfWithDensity(-z, densityZ);
  const phiMinusZ2 = phiMinusZ * phiMinusZ;
  const fL = TWO_PI_OVER_SQRT_27 * ax * phiMinusZ2 * phiMinusZ;
  const growth = exp(y + 0.125 * s2);
  const fpL = TWO_PI * y * phiMinusZ2 * growth;
  const fppL =
    (Math.PI / 6) * (y / (s2 * sL)) * phiMinusZ *
    (8 * SQRT_THREE * sL * ax + ((3 * s2 * (s2 - 8) - 8 * x * x) * phiMinusZ) / densityZ) *
    growth * growth;
  let f = cubic.through(0, bL, 0, fL, 1, fpL).matchCurvature(RIGHT, fppL, true).at(beta);
  if (!(f > 0)) {
    // Round-off for extreme |x|: the quadratic through f(0) = 0, f'(0) = 1 and f(b_l).
    const u = beta / bL;
    f = (fL * u + bL * (1 - u)) * u;
  }
  q.s = Math.abs(x / (SQRT_THREE * inverseNormCdf(Math.cbrt(f / (TWO_PI_OVER_SQRT_27 * ax)))));
}

/** Upper branch, beta > b_u = b(x, s_u) with s_u = q.left: interpolate the upper map f = Phi(-s/2), which vanishes at b_max, then invert. */
function upperGuess(q: Search): void {
  const { beta, x, bMax, bTangent: bU } = q;
  const sU = q.left;
  const fU = normCdf(-0.5 * sU);
  const w = (x / sU) ** 2;
  const fpU = -0.5 * exp(0.5 * w);
  const fppU = SQRT_PI_OVER_TWO * exp(w + 0.125 * sU * sU) * (w / sU);
  let f = 0;
  if (Math.abs(fppU) < Math.sqrt(Number.MAX_VALUE)) f = cubic.through(bU, bMax, fU, 0, fpU, -0.5).matchCurvature(LEFT, fppU, true).at(beta);
  if (!(f > 0)) {
    // The quadratic through f(b_u), f(b_max) = 0 and f'(b_max) = -1/2.
    const span = bMax - bU;
    const u = (beta - bU) / span;
    f = (fU * (1 - u) + 0.5 * span * u) * (1 - u);
  }
  q.s = -2 * inverseNormCdf(f);
}

/** The objective g(s) whose root the iteration finds, per branch (section 5). */
const LOWER = 0; // g = 1/ln(b) - 1/ln(beta)
const MIDDLE = 1; // g = b - beta
const UPPER = 2; // g = ln((b_max - beta) / (b_max - b))

/**
 * Householder's third-order step s += newton (1 + halley newton / 2) / (1 + newton (halley + hh3 newton / 6)),
 * with newton = -g/g', halley = g''/g', hh3 = g'''/g', from q.s and kept inside the bracket
 * [q.left, q.right] (bisection if a step leaves it or the direction keeps reversing).
 */
function householder(objective: number, q: Search): void {
  const { beta, x, bMax } = q;
  let { s, left, right } = q;
  let ds = -Number.MAX_VALUE;
  let previousDs = 0;
  let reversals = 0;
  const lnBeta = objective === LOWER ? Math.log(beta) : 0;
  const converged = objective === MIDDLE ? MIDDLE_CONVERGED : EPSILON;
  for (let iteration = 0; iteration < ITERATIONS && Math.abs(ds) > converged * s; iteration++) {
    if (ds * previousDs < 0) reversals++;
    if (iteration > 0 && (reversals === 3 || !(s > left && s < right))) {
      s = 0.5 * (left + right);
      if (right - left <= EPSILON * s) break;
      reversals = 0;
      ds = 0;
    }
    previousDs = ds;
    const b = normalisedBlack(normalised, x, s, bMax).value;
    const bp = normalised.vega;
    if (b > beta && s < right) right = s;
    else if (b < beta && s > left) left = s;
    // b''/b' and b'''/b' of the normalised Black function (h = x/s from the evaluation).
    const h = normalised.h;
    const hOverS = h / s;
    const bHalley = h * hOverS - 0.25 * s;
    const bHh3 = bHalley * bHalley - 3 * hOverS * hOverS - 0.25;
    let newton: number;
    let halley: number;
    let hh3: number;
    if (objective === MIDDLE) {
      newton = (beta - b) / bp;
      halley = bHalley;
      hh3 = bHh3;
    } else if (objective === LOWER) {
      if (!(b > 0 && bp > 0)) {
        ds = 0.5 * (left + right) - s;
        s += ds;
        continue;
      }
      const lnB = Math.log(b);
      const bpOverB = bp / b;
      const inverseLnB = 1 / lnB;
      newton = (((lnBeta - lnB) * lnB) / lnBeta) / bpOverB;
      halley = bHalley - bpOverB * (1 + 2 * inverseLnB);
      hh3 = bHh3 + 2 * bpOverB * bpOverB * (1 + 3 * inverseLnB * (1 + inverseLnB)) - 3 * bHalley * bpOverB * (1 + 2 * inverseLnB);
    } else {
      if (!(b < bMax && bp > Number.MIN_VALUE)) {
        ds = 0.5 * (left + right) - s;
        s += ds;
        continue;
      }
      const gap = bMax - b;
      const gp = bp / gap;
      newton = -Math.log((bMax - beta) / gap) / gp;
      halley = bHalley + gp;
      hh3 = bHh3 + gp * (2 * gp + 3 * bHalley);
    }
    const factor = (1 + 0.5 * halley * newton) / (1 + newton * (halley + (hh3 * newton) / 6));
    ds = Math.max(-0.5 * s, newton * factor);
    s += ds;
  }
  q.s = s;
}
