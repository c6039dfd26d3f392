/** Time to expiry in the desk's one convention: ACT/365 in years, to the millisecond. */
export const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/** Years from `from` to `to` (ms since epoch); negative once `to` has passed. */
export function yearsBetween(from: number, to: number): number {
  return (to - from) / MS_PER_YEAR;
}
