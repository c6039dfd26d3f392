/**
 * Raw SVI (Gatheral 2004) for one expiry: total implied variance in log-forward moneyness,
 *
 *   w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)),   k = ln(K/F),  w = vol^2 T,
 *
 * and the butterfly-arbitrage density of Gatheral and Jacquier, "Arbitrage-free SVI volatility
 * surfaces", Quantitative Finance 14 (2014), eq. (2.1):
 *
 *   g(k) = (1 - k w'/(2w))^2 - (w'^2/4)(1/w + 1/4) + w''/2,
 *
 * which is the risk-neutral density up to a positive factor: a slice is free of butterfly
 * arbitrage iff g >= 0 everywhere (and w > 0).
 */
export interface SviParams {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
}

/** w(k) from the parameters one by one (the surface keeps them in typed arrays). */
export function rawSviVariance(a: number, b: number, rho: number, m: number, sigma: number, k: number): number {
  const x = k - m;
  return a + b * (rho * x + Math.sqrt(x * x + sigma * sigma));
}

/** w'(k). */
export function rawSviSlope(b: number, rho: number, m: number, sigma: number, k: number): number {
  const x = k - m;
  return b * (rho + x / Math.sqrt(x * x + sigma * sigma));
}

export function sviVariance(p: SviParams, k: number): number {
  return rawSviVariance(p.a, p.b, p.rho, p.m, p.sigma, k);
}

/** g(k): negative where the slice's implied density is negative, and -Infinity where w(k) <= 0 (no slice there). */
export function butterflyDensity(p: SviParams, k: number): number {
  return rawButterflyDensity(p.a, p.b, p.rho, p.m, p.sigma, k);
}

/** g(k) from the parameters one by one, as rawSviVariance. */
export function rawButterflyDensity(a: number, b: number, rho: number, m: number, sigma: number, k: number): number {
  const x = k - m;
  const sigma2 = sigma * sigma;
  const root = Math.sqrt(x * x + sigma2);
  const w = a + b * (rho * x + root);
  if (!(w > 0)) return -Infinity;
  // Two divisions, not four: the arbitrage check evaluates g on a dense grid for every candidate fit.
  const overRoot = 1 / root;
  const overW = 1 / w;
  const w1 = b * (rho + x * overRoot);
  const w2 = b * sigma2 * overRoot * overRoot * overRoot;
  const first = 1 - 0.5 * k * w1 * overW;
  return first * first - 0.25 * w1 * w1 * (overW + 0.25) + 0.5 * w2;
}
