/**
 * The normal distribution to full double precision, the base of every price and implied vol.
 *
 *   erfc, erfcx  W. J. Cody, "Rational Chebyshev approximations for the error function",
 *                Math. Comp. 23 (1969) 631-638 (coefficients as in Netlib specfun CALERF).
 *                erfcx(x) = exp(x^2) erfc(x) needs no exponential for x > 4, which is what keeps
 *                far out-of-the-money option values accurate.
 *   inverse      M. J. Wichura, "Algorithm AS 241: The percentage points of the normal
 *                distribution", Applied Statistics 37 (1988) 477-484 (PPND16, about 1e-16).
 */

import { exp } from './exp';

export const SQRT_TWO_PI = 2.5066282746310002;
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
export const ONE_OVER_SQRT_TWO = 0.7071067811865476;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

// Cody's three intervals: |x| <= 0.46875 (erf), 0.46875 < |x| <= 4 and |x| > 4 (erfc), each a
// rational function written out in Horner form (this is the innermost loop of every price).

/** Beyond this erfcx(x) = 1/(x sqrt(pi)) to double precision; beyond XBIG erfc underflows. */
const XHUGE = 6.71e7;
const XBIG = 26.543;

/** Cody's first interval: erf is a rational function of x^2 up to here, erfc and erfcx beyond. */
export const ERF_NEAR_ZERO = 0.46875;

/** erf(x) for |x| <= ERF_NEAR_ZERO. */
export function erfNearZero(x: number): number {
  const z = x * x;
  const numerator = (((0.185777706184603153 * z + 3.1611237438705656) * z + 113.864154151050156) * z + 377.485237685302021) * z + 3209.37758913846947;
  const denominator = (((z + 23.6012909523441209) * z + 244.024637934444173) * z + 1282.61652607737228) * z + 2844.23683343917062;
  return (x * numerator) / denominator;
}

/**
 * erfcx(y) for y > ERF_NEAR_ZERO: no exponential. The far tail (y > 4, rare for option
 * prices) is its own function, which keeps this one small for V8's inlining budget.
 */
export function erfcxPositive(y: number): number {
  if (y <= 4) {
    const numerator =
      (((((((2.15311535474403846e-8 * y + 0.564188496988670089) * y + 8.88314979438837594) * y + 66.1191906371416295) * y +
        298.635138197400131) * y + 881.95222124176909) * y + 1712.04761263407058) * y + 2051.07837782607147) * y +
      1230.33935479799725;
    const denominator =
      (((((((y + 15.7449261107098347) * y + 117.693950891312499) * y + 537.181101862009858) * y + 1621.38957456669019) * y +
        3290.79923573345963) * y + 4362.61909014324716) * y + 3439.36767414372164) * y +
      1230.33935480374942;
    return numerator / denominator;
  }
  return erfcxBeyondFour(y);
}

/** erfcx(y) for y > 4: an asymptotic rational function in 1/y^2. */
function erfcxBeyondFour(y: number): number {
  if (y >= XHUGE) return ONE_OVER_SQRT_PI / y;
  const z = 1 / (y * y);
  const numerator =
    ((((0.0163153871373020978 * z + 0.305326634961232344) * z + 0.360344899949804439) * z + 0.125781726111229246) * z +
      0.0160837851487422766) * z + 6.58749161529837803e-4;
  const denominator =
    ((((z + 2.56852019228982242) * z + 1.87295284992346047) * z + 0.527905102951428412) * z + 0.0605183413124413191) * z +
    0.00233520497626869185;
  return (ONE_OVER_SQRT_PI - (z * numerator) / denominator) / y;
}

/**
 * exp(-y^2) for y > 0. Rounding y*y costs a relative error of about y^2 ulp in the result, so
 * beyond y = 2 the square is split into a part exact in binary (y rounded down to 1/16) and a
 * small remainder, as Cody does.
 */
function expMinusSquare(y: number): number {
  if (y < 2) return exp(-y * y);
  const coarse = Math.trunc(y * 16) / 16;
  return exp(-coarse * coarse) * exp(-(y - coarse) * (y + coarse));
}

/** The complementary error function erfc(x) = 1 - erf(x). */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= ERF_NEAR_ZERO) return 1 - erfNearZero(x);
  const upper = y >= XBIG ? 0 : expMinusSquare(y) * erfcxPositive(y);
  return x < 0 ? 2 - upper : upper;
}

/** The scaled complementary error function erfcx(x) = exp(x^2) erfc(x). */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  if (y <= ERF_NEAR_ZERO) return exp(x * x) * (1 - erfNearZero(x));
  if (x > 0) return erfcxPositive(y);
  // erfcx(-y) = 2 exp(y^2) - erfcx(y); overflows (to Infinity) only beyond y = 26.6.
  return 2 / expMinusSquare(y) - erfcxPositive(y);
}

/** Standard normal density. */
export function normPdf(z: number): number {
  return ONE_OVER_SQRT_TWO_PI * exp(-0.5 * z * z);
}

/** Standard normal distribution function, relative accuracy ~1e-16 down to the far left tail. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z * ONE_OVER_SQRT_TWO);
}

/**
 * Phi(z) when phi(z) is already known: the tail is phi(z) sqrt(2 pi)/2 erfcx(|z|/sqrt 2), so the
 * exponential inside erfc is not computed twice (Black-76 has phi(d1) for its greeks anyway).
 */
export function normCdfWithDensity(z: number, density: number): number {
  const y = Math.abs(z) * ONE_OVER_SQRT_TWO;
  if (y <= ERF_NEAR_ZERO) return 0.5 + 0.5 * erfNearZero(z * ONE_OVER_SQRT_TWO);
  const tail = 0.5 * SQRT_TWO_PI * density * erfcxPositive(y);
  return z < 0 ? tail : 1 - tail;
}

// AS 241 (PPND16): central region |u - 0.5| <= 0.425, then tails in r = sqrt(-ln(min(u, 1-u))),
// each a ratio of degree-7 polynomials written out in Horner form like Cody's above.

/** The quantile Phi^-1(u); -Infinity at 0 and +Infinity at 1. */
export function inverseNormCdf(u: number): number {
  if (u <= 0) return -Infinity;
  if (u >= 1) return Infinity;
  const q = u - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    const numerator =
      ((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
        13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608;
    const denominator =
      ((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1;
    return (q * numerator) / denominator;
  }
  let r = Math.sqrt(-Math.log(q < 0 ? u : 1 - u));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    const numerator =
      ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734;
    const denominator =
      ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1;
    value = numerator / denominator;
  } else {
    r -= 5;
    const numerator =
      ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772;
    const denominator =
      ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1;
    value = numerator / denominator;
  }
  return q < 0 ? -value : value;
}
