/**
 * Implied volatility by Jaeckel's "Let's Be Rational" (Wilmott 2015, and "By Implication",
 * 2006): a rational-cubic initial guess on one of four branches of b(x, s), then Householder
 * steps of third order on a branch-wise transformed objective; two steps reach full double
 * precision for every input. Puts and in-the-money options map to an out-of-the-money call
 * (x <= 0) first. Prices outside the no-arbitrage bounds give a reason, never NaN or a throw.
 *
 * The hot path is `impliedVolatility`, which returns the vol or a negative failure code and
 * allocates nothing; `impliedVol` wraps it into a result object for callers that want one.
 */
import { exp } from './exp';
import type { OptionType } from '../../../shared/domain/instrument';
import { inverseNormCdf, normCdf, normCdfWithDensity, normPdf, ONE_OVER_SQRT_TWO_PI } from './normal';
import { NormalisedBlack, normalisedBlack } from './normalized-black';
import { convexControl, rationalCubic } from './rational-cubic';

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
  const beta = (price - intrinsic) / (Math.sqrt(F) * Math.sqrt(K));
  // b_max = e^{-|x|/2} = sqrt(min(F, K) / max(F, K)): a square root is cheaper and exact to the ulp.
  const s = normalisedImpliedVolatility(beta, outOfTheMoneyIsCall ? x : -x, Math.sqrt(F < K ? F / K : K / F));
  return s < 0 ? s : s / Math.sqrt(T);
}

/** impliedVolatility as a result object. */
export function impliedVol(kind: OptionType, F: number, K: number, T: number, price: number): IvResult {
  const vol = impliedVolatility(kind, F, K, T, price);
  return vol >= 0 ? { vol } : { error: ivFailure(vol) };
}

/** Scratch for b(x, s) and b'(x, s): the hot path allocates nothing. */
const normalised = new NormalisedBlack();

/** s = vol sqrt(T) of an out-of-the-money normalised call price beta at x <= 0. */
export function normalisedImpliedVolatility(beta: number, x: number, bMax = exp(0.5 * x)): number {
  if (!(beta > 0)) return 0;
  if (beta >= bMax) return IV_ABOVE_MAX;

  // Branch points (section 4): the inflexion s_c, and the tangents there to 0 and to b_max.
  const sC = Math.sqrt(2 * Math.abs(x));
  // At s_c, h + t = 0: b_c = b_max/2 - Phi(-s_c)/b_max (used only for the guess, where its
  // few-ulp cancellation for tiny |x| is harmless; the iteration evaluates b itself).
  // phi(s_c) = exp(-|x|) / sqrt(2 pi) = b_max^2 / sqrt(2 pi), so Phi(-s_c) needs no exponential.
  const bC = 0.5 * bMax - normCdfWithDensity(-sC, ONE_OVER_SQRT_TWO_PI * bMax * bMax) / bMax;
  const vC = ONE_OVER_SQRT_TWO_PI * bMax; // b'(x, s_c) = exp(-|x|/2) / sqrt(2 pi)

  if (beta < bC) {
    const sL = sC - bC / vC;
    const bL = normalisedBlack(normalised, x, sL, bMax).value;
    const vL = normalised.vega; // b'(x, s_l), from the same exponential
    if (beta < bL) {
      // Lowest branch: interpolate f(beta) of the lower map, f ~ b for small b, then invert.
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
      const r = convexControl('right', 0, bL, 0, fL, 1, fpL, fppL, true);
      let f = rationalCubic(beta, 0, bL, 0, fL, 1, fpL, r);
      if (!(f > 0)) {
        // Round-off for extreme |x|: the quadratic through f(0) = 0, f'(0) = 1 and f(b_l).
        const u = beta / bL;
        f = (fL * u + bL * (1 - u)) * u;
      }
      const s0 = Math.abs(x / (SQRT_THREE * inverseNormCdf(Math.cbrt(f / (TWO_PI_OVER_SQRT_27 * ax)))));
      return householder(LOWER, beta, x, bMax, s0, Number.MIN_VALUE, sL);
    }
    const r = convexControl('right', bL, bC, sL, sC, 1 / vL, 1 / vC, 0, false);
    return householder(MIDDLE, beta, x, bMax, rationalCubic(beta, bL, bC, sL, sC, 1 / vL, 1 / vC, r), sL, sC);
  }

  const sU = vC > Number.MIN_VALUE ? sC + (bMax - bC) / vC : sC;
  const bU = normalisedBlack(normalised, x, sU, bMax).value;
  const vU = normalised.vega;
  if (beta <= bU) {
    const r = convexControl('left', bC, bU, sC, sU, 1 / vC, 1 / vU, 0, false);
    return householder(MIDDLE, beta, x, bMax, rationalCubic(beta, bC, bU, sC, sU, 1 / vC, 1 / vU, r), sC, sU);
  }

  // Upper branch: interpolate the upper map f = Phi(-s/2), which vanishes at b_max, then invert.
  const fU = normCdf(-0.5 * sU);
  const w = (x / sU) ** 2;
  const fpU = -0.5 * exp(0.5 * w);
  const fppU = SQRT_PI_OVER_TWO * exp(w + 0.125 * sU * sU) * (w / sU);
  let f = 0;
  if (Math.abs(fppU) < Math.sqrt(Number.MAX_VALUE)) {
    const r = convexControl('left', bU, bMax, fU, 0, fpU, -0.5, fppU, true);
    f = rationalCubic(beta, bU, bMax, fU, 0, fpU, -0.5, r);
  }
  if (!(f > 0)) {
    // The quadratic through f(b_u), f(b_max) = 0 and f'(b_max) = -1/2.
    const span = bMax - bU;
    const u = (beta - bU) / span;
    f = (fU * (1 - u) + 0.5 * span * u) * (1 - u);
  }
  const s0 = -2 * inverseNormCdf(f);
  // Close to b_max the objective ln(b_max - b) is near linear; below half of it b - beta is better.
  return householder(beta > 0.5 * bMax ? UPPER : MIDDLE, beta, x, bMax, s0, sU, Number.MAX_VALUE);
}

/** The objective g(s) whose root the iteration finds, per branch (section 5). */
const LOWER = 0; // g = 1/ln(b) - 1/ln(beta)
const MIDDLE = 1; // g = b - beta
const UPPER = 2; // g = ln((b_max - beta) / (b_max - b))

/**
 * Householder's third-order step s += newton (1 + halley newton / 2) / (1 + newton (halley + hh3 newton / 6)),
 * with newton = -g/g', halley = g''/g', hh3 = g'''/g', kept inside the bracket [left, right]
 * (bisection if a step leaves it or the direction keeps reversing).
 */
function householder(objective: number, beta: number, x: number, bMax: number, s0: number, left: number, right: number): number {
  let s = s0;
  let ds = -Number.MAX_VALUE;
  let previousDs = 0;
  let reversals = 0;
  const lnBeta = objective === LOWER ? Math.log(beta) : 0;
  for (let iteration = 0; iteration < ITERATIONS && Math.abs(ds) > EPSILON * s; iteration++) {
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
    // b''/b' and b'''/b' of the normalised Black function.
    const h = x / s;
    const bHalley = (h * h) / s - 0.25 * s;
    const bHh3 = bHalley * bHalley - 3 * (h / s) ** 2 - 0.25;
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
  return s;
}
