/**
 * The normalised Black function of Jaeckel, "Let's Be Rational" (Wilmott 2015), section 2:
 *
 *   b(x, s) = Phi(x/s + s/2) e^{x/2} - Phi(x/s - s/2) e^{-x/2},   x = ln(F/K), s = vol sqrt(T)
 *
 * so that a Black-76 call is sqrt(F K) b(x, s) and a put is sqrt(F K) b(-x, s); in the money, an
 * option is its intrinsic value plus the out-of-the-money option of its strike (parity), so only
 * x <= 0 is ever evaluated. There the two terms nearly cancel; with h = x/s and t = s/2 and Y(z) = Phi(z)/phi(z),
 *
 *   b = exp(-(h^2 + t^2)/2) / sqrt(2 pi) * [Y(h + t) - Y(h - t)],
 *
 * which the regions below evaluate without losing digits:
 *   - small t: the odd Taylor series of Y(h+t) - Y(h-t) in t, with Y' = 1 + hY giving every
 *     derivative by the recurrence Y^(n+1) = h Y^(n) + n Y^(n-1);
 *   - otherwise: b = e^{x/2} Phi(h+t) - e^{-x/2} Phi(h-t), where phi(h+t) e^{x/2} = phi(h-t) e^{-x/2}
 *     is that same factor, so each term is factor * Y(z) = factor sqrt(pi/2) erfcx(-z/sqrt 2) in the
 *     tails and 1/2 + erf/2 times e^{+-x/2} near z = 0: Cody's rational functions and no exponential
 *     beyond the one shared factor (Jaeckel's 2024 "optimal use of Cody's functions").
 * Far out of the money with tiny s (h < -10, t < 0.21) the difference keeps about
 * 16 - log10(1/|x|) digits of b, which the implied vol inherits divided by h^2; see the tests.
 */
import { exp } from './exp';
import { ERF_NEAR_ZERO, erfcx, erfcxPositive, erfNearZero, ONE_OVER_SQRT_TWO, ONE_OVER_SQRT_TWO_PI } from './normal';

const SQRT_PI_OVER_TWO = 1.2533141373155003;
/** Jaeckel's threshold 2 eps^(1/16): the 13th-order series is exact to double precision below it. */
const SMALL_T = 0.21;
const SMALL_T_MIN_H = -10;

/** Y(z) = Phi(z) / phi(z), the Mills-ratio form of the normal distribution. */
function millsY(z: number): number {
  return SQRT_PI_OVER_TWO * erfcx(-ONE_OVER_SQRT_TWO * z);
}

/**
 * One evaluation of b(x, s) at x <= 0, with the parts prices and greeks take from it; or the same
 * scaled by sqrt(F K), which is an out-of-the-money Black-76 price (then the scales are min(F, K)
 * and max(F, K) and vega is F phi(d1)). The point (h, t) and the scales are kept here too: the
 * region functions read them from the object rather than as arguments, which the optimiser would
 * otherwise box on every call.
 */
export class NormalisedBlack {
  h = 0;
  t = 0;
  /** The terms' scales e^{x/2} = b_max and e^{-x/2} = 1/b_max. */
  upperScale = 0;
  lowerScale = 0;
  /** b(x, s) */
  value = 0;
  /** b'(x, s) = db/ds = exp(-(h^2 + t^2)/2) / sqrt(2 pi), the factor both terms share */
  vega = 0;
  /** The first term e^{x/2} Phi(h + t) and its complement e^{x/2} Phi(-(h + t)), each without cancellation. */
  upper = 0;
  upperComplement = 0;
  /** The second term e^{-x/2} Phi(h - t). */
  lower = 0;

  /** Everything times `factor` (b to a price: sqrt(F K)). */
  scale(factor: number): void {
    this.upperScale *= factor;
    this.lowerScale *= factor;
    this.value *= factor;
    this.vega *= factor;
    this.upper *= factor;
    this.upperComplement *= factor;
    this.lower *= factor;
  }
}

/**
 * Small t: Y(h +- t) as Taylor series in t to t^13, even part E and odd part O, so that
 * b = 2 factor O (no cancellation) and the terms are factor (E +- O).
 */
function smallTSeries(out: NormalisedBlack): void {
  const { h, t, upperScale, vega: factor } = out;
  const y0 = millsY(h);
  const y1 = 1 + h * y0;
  const y2 = h * y1 + y0;
  const y3 = h * y2 + 2 * y1;
  const y4 = h * y3 + 3 * y2;
  const y5 = h * y4 + 4 * y3;
  const y6 = h * y5 + 5 * y4;
  const y7 = h * y6 + 6 * y5;
  const y8 = h * y7 + 7 * y6;
  const y9 = h * y8 + 8 * y7;
  const y10 = h * y9 + 9 * y8;
  const y11 = h * y10 + 10 * y9;
  const y12 = h * y11 + 11 * y10;
  const y13 = h * y12 + 12 * y11;
  const w = t * t;
  const odd =
    t * (y1 + w * (y3 / 6 + w * (y5 / 120 + w * (y7 / 5040 + w * (y9 / 362880 + w * (y11 / 39916800 + (w * y13) / 6227020800))))));
  const even = y0 + w * (y2 / 2 + w * (y4 / 24 + w * (y6 / 720 + w * (y8 / 40320 + w * (y10 / 3628800 + (w * y12) / 479001600)))));
  out.value = 2 * factor * odd;
  out.upper = factor * (even + odd);
  out.upperComplement = upperScale - out.upper; // h + t < 0.21: Phi(h + t) < 0.59, no cancellation
  out.lower = factor * (even - odd);
}

/**
 * The terms: each scale * Phi(z) with phi(z) * scale = factor (see above), so the tails need no
 * exponential of their own. Both in one pass of the same code, z = h + t and then z = h - t:
 * Cody's functions are then inlined once, not twice, which leaves black76 room in V8's inlining
 * budget to compile its whole valuation as one function (6-8% faster; implied vols unchanged).
 */
function terms(out: NormalisedBlack): void {
  const { h, t, vega: factor } = out;
  let u = ONE_OVER_SQRT_TWO * (h + t);
  let scale = out.upperScale;
  for (let pass = 0; ; pass++) {
    let phi: number;
    let complement: number;
    if (Math.abs(u) <= ERF_NEAR_ZERO) {
      const erf = erfNearZero(u);
      phi = 0.5 * scale * (1 + erf);
      complement = 0.5 * scale * (1 - erf);
    } else {
      const tail = SQRT_PI_OVER_TWO * factor * erfcxPositive(Math.abs(u));
      phi = u < 0 ? tail : scale - tail;
      complement = u < 0 ? scale - tail : tail;
    }
    if (pass === 1) {
      out.lower = phi;
      break;
    }
    out.upper = phi;
    out.upperComplement = complement;
    u = ONE_OVER_SQRT_TWO * (h - t);
    scale = out.lowerScale;
  }
  out.value = out.upper - out.lower;
}

/**
 * b(x, s) into `out` for x <= 0 and s > 0, given b_max = e^{x/2}. Value and vega share the factor
 * exp(-(h^2 + t^2)/2) / sqrt(2 pi): the implied-vol iteration gets the pair for one exponential.
 */
export function normalisedBlack(out: NormalisedBlack, x: number, s: number, bMax: number): NormalisedBlack {
  const h = x / s;
  const t = 0.5 * s;
  out.h = h;
  out.t = t;
  out.upperScale = bMax;
  out.lowerScale = 1 / bMax;
  out.vega = ONE_OVER_SQRT_TWO_PI * exp(-0.5 * (h * h + t * t));
  if (t < SMALL_T && h >= SMALL_T_MIN_H) smallTSeries(out);
  else terms(out);
  if (!(out.value > 0)) out.value = 0;
  return out;
}

/**
 * The terms cancel to at most this share of the larger: each is accurate to a few ulp, so the
 * difference then keeps a relative error below 2^8 x 3 ulp = 1.7e-13.
 */
const MIN_VALUE_OVER_TERM = 2 ** -8;

/**
 * The terms of `out` as set (h, t, scales and vega, in any units), and their difference as its
 * value; false where small t made them cancel beyond MIN_VALUE_OVER_TERM and normalisedBlack's
 * series is needed instead. Prices and greeks want about 1e-13 rather than the last digit, and the
 * terms cost half the series (its Mills ratio needs an exponential and a division of its own): on
 * issue 3's benchmark grid (|h| <= 2, t >= 0.005) they always suffice. Where normalisedBlack itself
 * takes the terms (t >= 0.21, or h < -10) they are always accepted.
 */
export function blackTerms(out: NormalisedBlack): boolean {
  terms(out);
  if (!(out.value > 0)) out.value = 0;
  // The series region of normalisedBlack (above), where the terms may cancel.
  return !(out.t < SMALL_T && out.h >= SMALL_T_MIN_H) || out.value >= MIN_VALUE_OVER_TERM * out.upper;
}
