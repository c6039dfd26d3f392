/**
 * Risk aversion from the dealer's own words: "at the vega limit, skew by x vol points" (MODEL.md,
 * "Calibration"). At a book of L USD per vol point in one bucket, the inventory term shifts every
 * quote of that bucket by gamma tau nu^2 L vol points (the cross term e' Sigma E over vega, with
 * nu^2 the bucket's annual ATM-vol variance and tau the unwind horizon), so gamma = x / (tau nu^2 L).
 */
export function riskAversionFromSkew(skewVolPts: number, vegaLimitUsd: number, volOfVolPts: number, unwindYears: number): number {
  if (!(skewVolPts > 0 && vegaLimitUsd > 0 && volOfVolPts > 0 && unwindYears > 0)) {
    throw new Error('skew, vega limit, vol of vol and horizon must all be positive');
  }
  return skewVolPts / (unwindYears * volOfVolPts * volOfVolPts * vegaLimitUsd);
}
