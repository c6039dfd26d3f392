/**
 * Shape-preserving rational cubic interpolation: R. Delbourgo and J. A. Gregory, "Shape
 * preserving piecewise rational interpolation", SIAM J. Sci. Stat. Comput. 6 (1985). On
 * [xl, xr] with values yl, yr and slopes dl, dr, the control parameter r blends a cubic
 * (r = 3) toward the straight line (r -> infinity); Jaeckel uses it for the initial guess of
 * the implied vol, choosing r to match a curvature at one end while staying convex/monotone.
 *
 * The interpolant is an object with the end data as fields rather than a function of eight
 * arguments: V8 boxes every double it passes to a call it does not inline, and the implied-vol
 * guess would otherwise allocate a dozen numbers per option.
 */

const R_MIN = -(1 - Math.sqrt(Number.EPSILON));
/** At or above this r the interpolant is the straight line. */
const R_LINEAR = 2 / (Number.EPSILON * Number.EPSILON);

/** The smallest normal double (C's DBL_MIN). */
const DBL_MIN = 2.2250738585072014e-308;

function isZero(value: number): boolean {
  return Math.abs(value) < DBL_MIN;
}

/** Which end's second derivative the control matches. */
export const LEFT = 0;
export const RIGHT = 1;

export class RationalCubic {
  xl = 0;
  xr = 0;
  yl = 0;
  yr = 0;
  dl = 0;
  dr = 0;
  r = 0;

  /** The end data; r is set by matchCurvature. */
  through(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number): this {
    this.xl = xl;
    this.xr = xr;
    this.yl = yl;
    this.yr = yr;
    this.dl = dl;
    this.dr = dr;
    return this;
  }

  /** Formula (2.4) over (2.5) of the paper. */
  at(x: number): number {
    const { xl, yl, yr, r } = this;
    const h = this.xr - xl;
    if (Math.abs(h) <= 0) return 0.5 * (yl + yr);
    const t = (x - xl) / h;
    if (r >= R_LINEAR) return yr * t + yl * (1 - t);
    const u = 1 - t;
    const t2 = t * t;
    const u2 = u * u;
    return (yr * t2 * t + (r * yr - h * this.dr) * t2 * u + (r * yl + h * this.dl) * t * u2 + yl * u2 * u) / (1 + (r - 3) * t * u);
  }

  /** r matching the second derivative at the chosen end (LEFT or RIGHT), raised to keep the shape. */
  matchCurvature(side: number, secondDerivative: number, preferShape: boolean): this {
    const { dl, dr } = this;
    const h = this.xr - this.xl;
    const slope = (this.yr - this.yl) / h;
    this.slope = slope;
    const numerator = 0.5 * h * secondDerivative + (dr - dl);
    const denominator = side === LEFT ? slope - dl : dr - slope;
    if (isZero(numerator)) this.r = 0;
    else if (isZero(denominator)) this.r = numerator > 0 ? R_LINEAR : R_MIN;
    else this.r = numerator / denominator;
    this.keepShape(preferShape);
    return this;
  }

  /** The chord's slope (yr - yl)/(xr - xl), set by matchCurvature for keepShape. */
  private slope = 0;

  /**
   * Raise r to the smallest value keeping the interpolant monotone (3.8) and convex or concave
   * (3.18) where the data are. It sets r rather than returning it: V8 boxes a double returned
   * from a call it does not inline.
   */
  private keepShape(preferShape: boolean): void {
    const { dl, dr, slope } = this;
    const monotone = dl * slope >= 0 && dr * slope >= 0;
    const convex = dl <= slope && slope <= dr;
    const concave = dl >= slope && slope >= dr;
    if (!monotone && !convex && !concave) {
      this.r = Math.max(this.r, R_MIN);
      return;
    }
    let rMonotone = -Number.MAX_VALUE;
    let rConvex = -Number.MAX_VALUE;
    if (monotone) {
      if (!isZero(slope)) rMonotone = (dr + dl) / slope;
      else if (preferShape) rMonotone = R_LINEAR;
    }
    if (convex || concave) {
      const right = dr - slope;
      const left = slope - dl;
      if (!isZero(left) && !isZero(right)) rConvex = Math.max(Math.abs((dr - dl) / right), Math.abs((dr - dl) / left));
      else if (preferShape) rConvex = R_LINEAR;
    } else if (monotone && preferShape) {
      rConvex = R_LINEAR;
    }
    this.r = Math.max(this.r, R_MIN, rMonotone, rConvex);
  }
}
