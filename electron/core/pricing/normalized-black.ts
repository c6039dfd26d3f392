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
 *   - b close to its bound e^{x/2}: the first term dominates, the plain form is exact enough;
 *   - otherwise: Y(z) = sqrt(pi/2) erfcx(-z/sqrt 2), one exponential instead of four.
 * Far out of the money with tiny s (h < -10, t < 0.21) the erfcx difference keeps about
 * 16 - log10(1/|x|) digits of b, which the implied vol inherits divided by h^2; see the tests.
 */
import { erfcx, normCdf, ONE_OVER_SQRT_TWO, ONE_OVER_SQRT_TWO_PI } from './normal';

const SQRT_PI_OVER_TWO = 1.2533141373155003;
/** Jaeckel's threshold 2 eps^(1/16): the 13th-order series is exact to double precision below it. */
const SMALL_T = 0.21;
const SMALL_T_MIN_H = -10;
/** Above this h + t the first term carries b (Jaeckel's 0.85). */
const FIRST_TERM_DOMINATES = 0.85;

/** Y(z) = Phi(z) / phi(z), the Mills-ratio form of the normal distribution. */
function millsY(z: number): number {
  return SQRT_PI_OVER_TWO * erfcx(-ONE_OVER_SQRT_TWO * z);
}

/** (Y(h+t) - Y(h-t)) / 2 as its odd Taylor series in t, to t^13. */
function smallTSeries(h: number, t: number): number {
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
  return (
    t *
    (y1 + w * (y3 / 6 + w * (y5 / 120 + w * (y7 / 5040 + w * (y9 / 362880 + w * (y11 / 39916800 + (w * y13) / 6227020800))))))
  );
}

/**
 * b(x, s) for x <= 0 and s > 0, also leaving b'(x, s) in `vega.value`: both share the factor
 * exp(-(h^2 + t^2)/2) / sqrt(2 pi), so the implied-vol iteration gets the pair for one exponential.
 */
export function outOfTheMoneyBlackCall(x: number, s: number, vega: { value: number }): number {
  const h = x / s;
  const t = 0.5 * s;
  const factor = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t));
  vega.value = factor;
  let b: number;
  if (t < SMALL_T && h >= SMALL_T_MIN_H) b = 2 * factor * smallTSeries(h, t);
  else if (h + t > FIRST_TERM_DOMINATES) {
    const bMax = Math.exp(0.5 * x);
    b = normCdf(h + t) * bMax - normCdf(h - t) / bMax;
  } else b = SQRT_PI_OVER_TWO * factor * (erfcx(-ONE_OVER_SQRT_TWO * (h + t)) - erfcx(-ONE_OVER_SQRT_TWO * (h - t)));
  return b > 0 ? b : 0;
}
