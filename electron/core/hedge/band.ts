/**
 * The Whalley-Wilmott no-transaction band (Whalley and Wilmott 1997, "An asymptotic analysis of
 * an optimal hedging model for option pricing with transaction costs", Math. Finance 7): with
 * proportional cost c, absolute risk aversion a (per USD) and the book's gamma Gamma (coins per
 * USD) at price S, the hedge is left alone while the delta stays within
 *   Delta* +/- (3 c Gamma^2 S / (2 a))^(1/3)   coins,
 * and once outside it is traded back to the nearest edge, not to Delta*.
 */
export function whalleyWilmottHalfWidth(cost: number, gamma: number, price: number, riskAversion: number): number {
  if (!(cost >= 0 && price > 0 && riskAversion > 0 && Number.isFinite(gamma))) {
    throw new Error(`the band needs cost >= 0, a positive price and risk aversion (got ${cost}, ${price}, ${riskAversion})`);
  }
  return Math.cbrt((3 * cost * gamma * gamma * price) / (2 * riskAversion));
}

/** The trade (coins, signed) that brings `delta` back inside [target - half, target + half], 0 inside. */
export function tradeToBand(delta: number, target: number, half: number): number {
  const off = delta - target;
  if (Math.abs(off) <= half) return 0;
  return -(off - Math.sign(off) * half);
}
