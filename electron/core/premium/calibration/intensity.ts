/**
 * Fill intensity lambda(delta) = A exp(-k delta) by maximum likelihood from trade prints and their
 * distance to mid (MODEL.md, "Calibration"). A print at distance delta is a market order that
 * reached at least delta; if order depths are exponential, the prints at or beyond delta_0 form a
 * Poisson process of rate A exp(-k delta_0) whose distances beyond delta_0 are Exp(k). The joint
 * likelihood gives k = N / sum(delta - delta_0) and A = (N / T) exp(k delta_0): an intensity, not
 * a histogram of volume per level (the estimator Hummingbot's issue 6144 criticises).
 * Distances in vol points (price distance / vega), so one bucket pools strikes fairly.
 */

export interface IntensityFit {
  /** Per day. */
  A: number;
  /** Per vol point. */
  k: number;
  prints: number;
  /** Asymptotic standard error of k (Fisher information N / k^2). */
  kStdError: number;
}

/**
 * Fit A and k from print distances over `days` of observation. Distances below `minDistance`
 * (inside the touch: the half tick every print pays) are censored out.
 */
export function fitIntensity(distances: ArrayLike<number>, days: number, minDistance = 0): IntensityFit {
  if (!(days > 0)) throw new Error('an intensity needs a positive observation window');
  let prints = 0;
  let excess = 0;
  for (let i = 0; i < distances.length; i++) {
    const d = distances[i]!;
    if (!Number.isFinite(d)) throw new Error(`print ${i}: distance is not a finite number`);
    if (d < minDistance) continue;
    prints += 1;
    excess += d - minDistance;
  }
  if (prints < 2 || !(excess > 0)) throw new Error(`too few prints beyond ${minDistance} vol points to fit an intensity (${prints})`);
  const k = prints / excess;
  return { A: (prints / days) * Math.exp(k * minDistance), k, prints, kStdError: k / Math.sqrt(prints) };
}

/** A print's distance to mid in vol points: |price - mid| / vega (price currency per vol point). */
export function printDistance(price: number, mid: number, vegaPerVolPoint: number): number {
  return Math.abs(price - mid) / vegaPerVolPoint;
}
